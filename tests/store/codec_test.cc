// A filed case's `submitted` payload is hashed into the audit chain and
// read back by the projections: written without nlohmann's DOM, it must
// be byte for byte what the DOM's dump printed, for any text a reporter
// may send (quotes, control characters, invalid UTF-8) and any point.
#include "store/codec.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

namespace sigap::store {
namespace {

using nlohmann::json;

std::string DomDump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json AttachmentsByDom(const std::vector<domain::Attachment>& attachments) {
  json out = json::array();
  for (const auto& a : attachments) {
    out.push_back({{"name", a.name},
                   {"content_type", a.content_type},
                   {"size_bytes", a.size_bytes},
                   {"sha256", a.sha256}});
  }
  return out;
}

// The payload as the DOM wrote it before (store/codec.cc up to 2026-12-07).
std::string PayloadByDom(const domain::CaseSubmission& s, int service_version,
                         const std::string& agency_code) {
  json j{{"kind", domain::ToString(s.kind)},   {"title", s.title},
         {"description", s.description},       {"service_code", s.service_code},
         {"service_version", service_version}, {"category", s.category},
         {"agency_code", agency_code},         {"anonymous", s.anonymous},
         {"confidential", s.confidential},     {"channel", domain::ToString(s.channel)},
         {"has_contact", !s.reporter.Empty()}};
  json location{{"region_code", s.location.region_code}, {"address", s.location.address}};
  if (s.location.point) {
    location["lat"] = s.location.point->lat;
    location["lng"] = s.location.point->lng;
  }
  j["location"] = std::move(location);
  j["attachments"] = AttachmentsByDom(s.attachments);
  return DomDump(j);
}

// Text of every kind a client can send: plain words, quotes and
// backslashes, control characters, multi-byte UTF-8 and broken UTF-8.
std::string RandomText(std::mt19937& rng) {
  static const std::vector<std::string> pieces = {
      "Saluran", " tersumbat", "\"",      "\\",           "\n",   "\t",   std::string(1, '\x01'),
      "\x7f",    "é",          "jalan ",  "\xe2\x80\x94", "\xff", "\xc3", "\xed\xa0\x80",
      "😀",       "<script>",   "' OR 1=1"};
  std::uniform_int_distribution<size_t> count(0, 12), piece(0, pieces.size() - 1);
  std::string out;
  for (size_t n = count(rng); n > 0; --n) out += pieces[piece(rng)];
  return out;
}

domain::CaseSubmission RandomSubmission(std::mt19937& rng) {
  std::uniform_int_distribution<int> coin(0, 1), few(0, 3);
  std::uniform_real_distribution<double> lat(-11.0, 6.0), lng(95.0, 141.0);
  domain::CaseSubmission s;
  s.kind = coin(rng) ? domain::CaseKind::kComplaint : domain::CaseKind::kRequest;
  s.channel = coin(rng) ? domain::Channel::kWeb : domain::Channel::kOpen311;
  s.service_code = coin(rng) ? "PU-DRAINASE" : "";
  s.category = RandomText(rng);
  s.title = RandomText(rng);
  s.description = RandomText(rng);
  s.location.region_code = coin(rng) ? "33.74.01.1001" : "";
  s.location.address = RandomText(rng);
  if (coin(rng)) s.location.point = domain::GeoPoint{lat(rng), lng(rng)};
  if (coin(rng)) s.reporter.phone = "081234567890";
  s.anonymous = coin(rng);
  s.confidential = coin(rng);
  for (int i = few(rng); i > 0; --i) {
    domain::Attachment a;
    a.name = RandomText(rng);
    a.content_type = "image/jpeg";
    a.size_bytes = int64_t{1} << (i * 15);
    a.sha256 = RandomText(rng);
    s.attachments.push_back(std::move(a));
  }
  return s;
}

TEST(SubmittedPayload, IsWhatTheDomDumpedForAnySubmission) {
  std::mt19937 rng(20261207);
  for (int i = 0; i < 5000; ++i) {
    const auto s = RandomSubmission(rng);
    const std::string agency = i % 3 == 0 ? "" : "DPU";
    ASSERT_EQ(SubmittedPayload(s, i % 7, agency), PayloadByDom(s, i % 7, agency)) << "case " << i;
  }
}

TEST(SubmittedPayload, KeepsAPointsCoordinatesAsTheDomPrintsThem) {
  domain::CaseSubmission s;
  s.title = "Saluran tersumbat";
  for (const double v : {-6.9932, 110.4203, 0.1 + 0.2, -0.0, 1e-7, 89.99999999999999}) {
    s.location.point = domain::GeoPoint{v, -v};
    EXPECT_EQ(SubmittedPayload(s, 1, "DPU"), PayloadByDom(s, 1, "DPU"));
  }
}

TEST(AttachmentsToJson, IsWhatTheDomDumped) {
  std::mt19937 rng(7);
  for (int i = 0; i < 1000; ++i) {
    const auto s = RandomSubmission(rng);
    ASSERT_EQ(AttachmentsToJson(s.attachments), DomDump(AttachmentsByDom(s.attachments)))
        << "case " << i;
  }
}

}  // namespace
}  // namespace sigap::store
