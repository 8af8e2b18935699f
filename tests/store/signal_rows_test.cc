// Reading a transfer's or return's payload during a replay without a JSON
// DOM (rows::ScanPayloadFields) must give what a full parse gives.
#include "store/signal_rows.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace sigap::store {
namespace {

using rows::PlainNested;
using rows::ReadPayloadAgencyAndDeadline;
using rows::ScanPayloadFields;

// What the replay read before the scan: every payload parsed whole.
SignalEvent ReadByParsing(const std::string& payload, SignalEvent ev) {
  const auto json = nlohmann::json::parse(payload, nullptr, false);
  if (!json.is_object()) return ev;
  if (ev.type == SignalEvent::Type::kTransfer) {
    const auto agency = json.find("agency_code");
    if (agency != json.end() && agency->is_string()) ev.agency_code = agency->get<std::string>();
  }
  const auto due = json.find("due_at");
  if (due == json.end() || !due->is_string()) return ev;
  if (const auto at = ParseRfc3339(due->get<std::string>())) ev.due_at = at;
  return ev;
}

// Payloads as Sigap writes them (a seeded database's disposed, forwarded,
// info_provided and reopened events) and the odd ones a hand-edited or
// older database may hold.
const std::vector<std::string>& Payloads() {
  static const std::vector<std::string> payloads = {
      R"({"agency_code":"DPU","agency_name":"Dinas Pekerjaan Umum","due_at":"2025-06-16T16:59:59.999Z","proposal":"DPU","supporting":[]})",
      R"({"agency_code":"KEC-3374090","agency_name":"Kecamatan Gajahmungkur","due_at":"2025-06-19T16:59:59.999Z","from":"PDAM","reason":"Bukan kewenangan kami; lokasi dan objek laporan menjadi tanggung jawab perangkat daerah tujuan."})",
      R"({"clock":"resumed","due_at":"2025-06-17T16:59:59.999Z","text":"Sudah saya lampirkan fotonya. Kejadiannya hampir setiap hari sejak dua minggu lalu."})",
      R"({"due_at":"2025-06-23T16:59:59.999Z","reason":"Perbaikannya belum tuntas, masih ada bagian yang rusak."})",
      R"({})",
      R"(  { "agency_code" : "DISHUB" ,
           "due_at" : "2026-01-05T09:00:00+07:00" }  )",
      R"({"supporting":[{"agency_code":"DINKES","due_at":"2020-01-01T00:00:00Z"}],"agency_code":"DPU"})",
      R"({"reason":"kata \"kutip\" dan } { ] [ di dalam teks","agency_code":"SATPOL"})",
      R"({"agency_code":"DPU","agency_code":"DISHUB","due_at":"2025-01-01T00:00:00Z","due_at":"2025-02-01T00:00:00Z"})",
      R"({"agency_code":"D\u0050U","due_at":"2025-06-16T16:59:59.999Z"})",
      R"({"agency_code":"DPU","due_at":null})",
      R"({"agency_code":7,"due_at":"2025-06-16T16:59:59.999Z","days":3,"late":false,"w":-1.5e3})",
      R"({"agency_code":"DPU","due_at":"bukan tanggal"})",
      R"({"agency_code":"DPU","due_at":{"at":"2025-06-16T16:59:59.999Z"}})",
      R"({"agency_code":"DPU")",
      R"({"agency_code":"DPU"} trailing)",
      R"({"agency_code":"DPU",})",
      R"({"agency_code":"DPU","n":01})",
      R"({"agency_code":"DPU","n":nul})",
      R"(["agency_code","DPU"])",
      R"("agency_code")",
      "",
      "{\"agency_code\":\"DP\xC3\"}",
      "{\"agency_code\":\"D\tPU\"}",
      R"({"agency_code":"Dinas Perumahan dan Kawasan Permukiman – Kota Semarang"})",
      // Broken inside a nested value: the whole payload does not parse.
      R"({"agency_code":"DLH","due_at":"2025-06-16T16:59:59.999Z","supporting":["KEC-337\4120"]})",
      R"({"agency_code":"DPU","due_at":"2025-06-16T16:59:59.999Z","supporting":[:]})",
      R"({"agency_code":"DPU","supporting":{"a":[1,2,}},"due_at":"2025-06-16T16:59:59.999Z"})",
  };
  return payloads;
}

TEST(SignalPayload, ReadsWhatAFullParseReads) {
  SignalEvent base;
  base.agency_code = "CASE-AGENCY";
  base.due_at = ParseRfc3339("2030-01-01T00:00:00Z");
  for (const auto type : {SignalEvent::Type::kTransfer, SignalEvent::Type::kReturn}) {
    base.type = type;
    for (const auto& payload : Payloads()) {
      SignalEvent scanned = base;
      ReadPayloadAgencyAndDeadline(payload, scanned);
      const SignalEvent parsed = ReadByParsing(payload, base);
      EXPECT_EQ(scanned.agency_code, parsed.agency_code) << payload;
      EXPECT_EQ(scanned.due_at, parsed.due_at) << payload;
    }
  }
}

// Payloads broken by random edits (of bytes JSON gives meaning to, and of
// bad UTF-8) read as a full parse reads them: the scan never takes as read
// what the parser refuses.
TEST(SignalPayload, MutatedPayloadsReadAsAFullParseReadsThem) {
  const std::string bytes = "{}[]\":,\\ \t\nantu0123456789.eE-+\x01\xc3\xa9\xff";
  std::mt19937_64 rng(7);
  SignalEvent base;
  base.agency_code = "CASE-AGENCY";
  int differ = 0;
  for (int n = 0; n < 50000; ++n) {
    std::string payload = Payloads()[rng() % 4];  // the four Sigap writes
    for (int edits = 1 + static_cast<int>(rng() % 4); edits > 0 && !payload.empty(); --edits) {
      const size_t at = rng() % payload.size();
      const char byte = bytes[rng() % bytes.size()];
      switch (rng() % 3) {
        case 0:
          payload[at] = byte;
          break;
        case 1:
          payload.insert(payload.begin() + static_cast<std::ptrdiff_t>(at), byte);
          break;
        default:
          payload.erase(at, 1 + rng() % 3);
      }
    }
    base.type = n % 2 ? SignalEvent::Type::kTransfer : SignalEvent::Type::kReturn;
    SignalEvent scanned = base;
    ReadPayloadAgencyAndDeadline(payload, scanned);
    const SignalEvent parsed = ReadByParsing(payload, base);
    if (scanned.agency_code != parsed.agency_code || scanned.due_at != parsed.due_at) {
      if (++differ <= 3) ADD_FAILURE() << payload;
    }
  }
  EXPECT_EQ(differ, 0);
}

// What ScanPayloadFields takes as valid without the parser: the empty
// array or object and arrays of plain strings; anything else goes to it.
TEST(SignalPayload, PlainNestedValuesAreOnlyThoseTheParserWouldAccept) {
  for (const char* v : {"[]", "{}", R"(["KEC-3374060"])", R"([ "A" , "B"
])"}) {
    EXPECT_TRUE(PlainNested(v)) << v;
    EXPECT_TRUE(nlohmann::json::accept(v)) << v;
  }
  for (const char* v : {R"(["A",])", R"(["A" "B"])", "[1]", R"(["a\"b"])", "[[]]", R"({"a":1})",
                        "[ ]", R"(["A"]])", "[\"A\"", ""}) {
    EXPECT_FALSE(PlainNested(v)) << v;
  }
}

TEST(SignalPayload, TheScanLeavesWhatItCannotReadToTheParser) {
  // Sigap's own payloads are read by the scan itself.
  const auto disposed = ScanPayloadFields(Payloads()[0]);
  ASSERT_TRUE(disposed.has_value());
  EXPECT_EQ(disposed->agency_code, "DPU");
  EXPECT_EQ(disposed->due_at, "2025-06-16T16:59:59.999Z");
  const auto nested = ScanPayloadFields(Payloads()[6]);
  ASSERT_TRUE(nested.has_value());
  EXPECT_EQ(nested->agency_code, "DPU");
  EXPECT_FALSE(nested->due_at.has_value()) << "a nested member is not the payload's";
  // An escape, a control character, bad UTF-8 and bad syntax are the parser's.
  EXPECT_FALSE(ScanPayloadFields(Payloads()[9]).has_value());
  EXPECT_FALSE(ScanPayloadFields("{\"agency_code\":\"D\tPU\"}").has_value());
  EXPECT_FALSE(ScanPayloadFields("{\"agency_code\":\"DP\xC3\"}").has_value());
  EXPECT_FALSE(ScanPayloadFields(R"({"agency_code":"DPU",})").has_value());
  EXPECT_FALSE(ScanPayloadFields(R"({"agency_code":"DPU","n":01})").has_value());
}

}  // namespace
}  // namespace sigap::store
