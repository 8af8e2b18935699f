// Notifications through the real `sigap serve`: the admin API for webhooks,
// and the server's Dispatcher delivering outbox rows to a webhook receiver
// and an SMTP sink on loopback.
#include <gtest/gtest.h>
#include <sodium.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <sstream>
#include <thread>

#include "integration/server_process.h"
#include "notify/mime_decode.h"
#include "support/http_client.h"
#include "support/smtp_sink.h"
#include "support/webhook_receiver.h"

namespace sigap {
namespace {

using integration::ServerProcess;
using nlohmann::json;
using test_support::HttpResponse;

class NotifyApi : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    sink_ = new test_support::SmtpSink();
    server_ =
        new ServerProcess({.load_demo = true,
                           .env = {{"SIGAP_NOTIFY_SMTP_HOST", "127.0.0.1"},
                                   {"SIGAP_NOTIFY_SMTP_PORT", std::to_string(sink_->port())},
                                   {"SIGAP_NOTIFY_SMTP_SECURITY", "none"},
                                   {"SIGAP_NOTIFY_FROM", "Sigap <sigap@semarangkota.go.id>"},
                                   {"SIGAP_NOTIFY_BASE_URL", "https://lapor.semarangkota.go.id"},
                                   // The webhook receivers here listen on loopback.
                                   {"SIGAP_NOTIFY_WEBHOOK_PRIVATE_TARGETS", "true"}}});
    ASSERT_TRUE(server_->Prepare());
    ASSERT_TRUE(server_->Start());
    std::istringstream lines(server_->demo_output());
    std::string line;
    const std::regex account(R"(^\s+([a-z.]+)\s+(\S+)\s*$)");
    std::smatch m;
    while (std::getline(lines, line)) {
      if (std::regex_match(line, m, account)) passwords_[m[1]] = m[2];
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    delete sink_;
  }

  HttpResponse Call(std::string_view method, std::string_view target, http::Headers headers = {},
                    std::string_view body = {}) {
    if (!body.empty()) headers.emplace("Content-Type", "application/json");
    auto r = test_support::Fetch(server_->port(), method, target, headers, body);
    EXPECT_TRUE(r.has_value()) << r.error();
    return r.value_or(HttpResponse{});
  }

  http::Headers Login(const std::string& username) {
    const json body{{"username", username}, {"password", passwords_[username]}};
    auto r = Call("POST", "/api/v1/session", {}, body.dump());
    EXPECT_EQ(r.status, 200) << username << ": " << r.body;
    const std::string cookie(r.Header("Set-Cookie").value_or(""));
    http::Headers headers;
    headers.emplace("Cookie", cookie.substr(0, cookie.find(';')));
    headers.emplace("X-CSRF-Token", json::parse(r.body).value("csrf_token", ""));
    return headers;
  }

  // Runs SQL on the server's database, as the case lifecycle would.
  void Exec(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(server_->db_path().c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << error;
    sqlite3_free(error);
    sqlite3_close(db);
  }

  void Enqueue(const std::string& channel, const std::string& audience, const json& payload) {
    Exec(
        "INSERT INTO outbox (pemda_id, case_id, event_id, channel, audience, template, payload, "
        "created_at, next_attempt_at) SELECT id, 1, 1, '" +
        channel + "', '" + audience + "', 'disposed', '" + payload.dump() +
        "', 0, 0 FROM pemdas LIMIT 1");
  }

  // Subscribes `receiver`'s `path` to `events` (all when empty), as the
  // administrator; the API's answer.
  HttpResponse Subscribe(test_support::WebhookReceiver& receiver, const std::string& path,
                         const json& events) {
    return Call("POST", "/api/v1/webhooks", Login("admin"),
                json{{"url", receiver.Url(path)}, {"events", events}}.dump());
  }

  static test_support::SmtpSink* sink_;
  static ServerProcess* server_;
  static std::map<std::string, std::string> passwords_;
};

test_support::SmtpSink* NotifyApi::sink_ = nullptr;
ServerProcess* NotifyApi::server_ = nullptr;
std::map<std::string, std::string> NotifyApi::passwords_;

std::string Hmac(const std::string& key, const std::string& body) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[2 * sizeof mac + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

TEST_F(NotifyApi, OnlyAdministratorsManageWebhooks) {
  const std::string body = R"({"url": "https://hooks.example.id/sigap"})";

  auto anonymous = Call("POST", "/api/v1/webhooks", {}, body);
  auto verifier = Call("POST", "/api/v1/webhooks", Login("verifikator"), body);
  auto list = Call("GET", "/api/v1/webhooks", Login("petugas.dpu"));

  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(verifier.status, 403);
  EXPECT_EQ(verifier.Header("Content-Type"), "application/problem+json");
  EXPECT_EQ(list.status, 403);
}

TEST_F(NotifyApi, WebhookIsCreatedWithASecretShownOnceListedAndDeleted) {
  const auto admin = Login("admin");

  auto created =
      Call("POST", "/api/v1/webhooks", admin,
           R"({"url": "https://hooks.example.id/sigap", "events": ["disposed", "closed"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto hook = json::parse(created.body);
  const int64_t id = hook["id"];
  auto listed = Call("GET", "/api/v1/webhooks", admin);
  auto one = Call("GET", std::string(created.Header("Location").value_or("/")), admin);
  auto deleted = Call("DELETE", "/api/v1/webhooks/" + std::to_string(id), admin);
  auto gone = Call("GET", "/api/v1/webhooks/" + std::to_string(id), admin);
  auto again = Call("DELETE", "/api/v1/webhooks/" + std::to_string(id), admin);
  auto nonsense = Call("DELETE", "/api/v1/webhooks/abc", admin);
  auto after = Call("GET", "/api/v1/webhooks", admin);

  EXPECT_EQ(created.Header("Location"), "/api/v1/webhooks/" + std::to_string(id));
  EXPECT_TRUE(std::regex_match(hook["secret"].get<std::string>(), std::regex("[0-9a-f]{64}")));
  EXPECT_EQ(hook["events"], json({"disposed", "closed"}));
  ASSERT_EQ(listed.status, 200);
  bool found = false;
  const auto items = json::parse(listed.body)["items"];
  for (const auto& item : items) {
    EXPECT_FALSE(item.contains("secret"));
    if (item["id"] == id) found = item["url"] == "https://hooks.example.id/sigap";
  }
  EXPECT_TRUE(found) << listed.body;
  EXPECT_EQ(listed.body.find(hook["secret"].get<std::string>()), std::string::npos);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(json::parse(one.body)["url"], "https://hooks.example.id/sigap");
  EXPECT_FALSE(json::parse(one.body).contains("secret"));
  EXPECT_EQ(deleted.status, 204);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(nonsense.status, 404);
  EXPECT_EQ(after.body.find("\"id\":" + std::to_string(id) + ","), std::string::npos);
}

TEST_F(NotifyApi, InvalidWebhooksAreRefusedNamingTheField) {
  const auto admin = Login("admin");

  auto missing = Call("POST", "/api/v1/webhooks", admin, R"({"events": []})");
  auto scheme = Call("POST", "/api/v1/webhooks", admin, R"({"url": "ftp://example.id/"})");
  auto events = Call("POST", "/api/v1/webhooks", admin,
                     R"({"url": "https://example.id/", "events": ["disposed", "Bad Kind", 3]})");
  auto unknown =
      Call("POST", "/api/v1/webhooks", admin,
           R"({"url": "https://example.id/", "events": ["submitted", "no_such_event"]})");
  auto not_array = Call("POST", "/api/v1/webhooks", admin,
                        R"({"url": "https://example.id/", "events": "disposed"})");

  ASSERT_EQ(missing.status, 422);
  EXPECT_EQ(json::parse(missing.body)["errors"][0]["field"], "url");
  EXPECT_EQ(json::parse(missing.body)["errors"][0]["code"], "required");
  ASSERT_EQ(scheme.status, 422);
  EXPECT_EQ(json::parse(scheme.body)["errors"][0]["code"], "invalid_format");
  ASSERT_EQ(events.status, 422);
  const auto errors = json::parse(events.body)["errors"];
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0]["field"], "events[1]");
  EXPECT_EQ(errors[1]["field"], "events[2]");
  ASSERT_EQ(not_array.status, 422);
  EXPECT_EQ(json::parse(not_array.body)["errors"][0]["code"], "invalid_type");
  ASSERT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(json::parse(unknown.body)["errors"][0]["field"], "events[1]");
}

// A subscriber to `submitted` hears of each new case, as other systems
// (SP4N-LAPOR!, an agency's own tracker) need: what the case is, never who
// filed it, and no title for a confidential one.
TEST_F(NotifyApi, ANewCaseIsSentToSubscribersOfSubmitted) {
  test_support::WebhookReceiver receiver;
  auto created = Subscribe(receiver, "/baru", {"submitted"});
  ASSERT_EQ(created.status, 201) << created.body;
  const json open{{"kind", "complaint"},
                  {"service_code", "PU-DRAINASE"},
                  {"title", "Saluran mampet uji webhook, hubungi 0812-1111-2222"},
                  {"description", "Saluran di depan pasar tersumbat sejak kemarin."},
                  {"reporter", {{"name", "Sri Wahyuni"}, {"phone", "081298765432"}}}};
  json secret = open;
  secret["title"] = "Pungutan liar uji webhook";
  secret["confidential"] = true;

  auto first = Call("POST", "/api/v1/cases", {}, open.dump());
  ASSERT_EQ(first.status, 201) << first.body;
  ASSERT_TRUE(receiver.WaitForCalls(1, std::chrono::seconds(20))) << server_->LogTail();
  auto second = Call("POST", "/api/v1/cases", {}, secret.dump());
  ASSERT_EQ(second.status, 201) << second.body;
  ASSERT_TRUE(receiver.WaitForCalls(2, std::chrono::seconds(20))) << server_->LogTail();

  const auto calls = receiver.Calls();
  const json a = json::parse(calls[0].body), b = json::parse(calls[1].body);
  EXPECT_EQ(a.value("event", ""), "submitted") << calls[0].body;
  EXPECT_EQ(a.value("tracking_code", ""), json::parse(first.body).value("tracking_code", "?"));
  EXPECT_EQ(a.value("title", ""), "Saluran mampet uji webhook, hubungi [disamarkan]");
  EXPECT_EQ(a.value("service_code", ""), "PU-DRAINASE");
  EXPECT_EQ(a.value("kind", ""), "complaint");
  EXPECT_EQ(b.value("tracking_code", ""), json::parse(second.body).value("tracking_code", "?"));
  EXPECT_FALSE(b.contains("title")) << calls[1].body;
  for (const auto& call : calls) {
    EXPECT_EQ(call.body.find("Sri Wahyuni"), std::string::npos) << call.body;
    EXPECT_EQ(call.body.find("081298765432"), std::string::npos) << call.body;
    EXPECT_EQ(call.body.find("Pungutan"), std::string::npos) << call.body;
    EXPECT_EQ(call.body.find("1111"), std::string::npos) << call.body;
  }
}

// A number the Pemda publishes in a Standar Pelayanan's complaint channel
// is its own: an officer's public words keep it in webhooks as on the
// public case view (they had read "hubungi [disamarkan]"); the reporter's
// phone the officer quotes beside it is still masked.
TEST_F(NotifyApi, WebhooksKeepThePemdasPublishedNumberInAnOfficersWords) {
  const auto admin = Login("admin");
  const json service{{"code", "UJI-CALLCENTER"},
                     {"name", "Pengaduan Uji Call Center"},
                     {"agency_code", "DPU"},
                     {"group", "Infrastruktur"},
                     {"description", "Layanan uji nomor yang dipublikasikan."},
                     {"keywords", {"call center uji"}},
                     {"kinds", {"complaint"}},
                     {"standard",
                      {{"requirements", {"KTP-el pelapor"}},
                       {"procedure", {"Laporan diterima", "Penanganan"}},
                       {"completion_days", 7},
                       {"cost", "Gratis"},
                       {"product", "Tanggapan"},
                       {"complaint_channel", "Sigap, SP4N-LAPOR!, call center 024-3513366"},
                       {"internal",
                        {{"legal_basis", "Perda Kota Semarang 7/2014"},
                         {"facilities", "Telepon"},
                         {"staff_competence", "Operator"},
                         {"internal_supervision", "Kepala bidang"},
                         {"staffing", "2 orang"},
                         {"guarantee", "Maklumat pelayanan"},
                         {"security_assurance", "Petugas beridentitas"},
                         {"performance_evaluation", "Evaluasi triwulanan"}}}}}};
  auto created = Call("POST", "/api/v1/services", admin, service.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  test_support::WebhookReceiver receiver;
  auto hook = Subscribe(receiver, "/nomor", {"public_update"});
  ASSERT_EQ(hook.status, 201) << hook.body;
  const json complaint{{"kind", "complaint"},
                       {"service_code", "UJI-CALLCENTER"},
                       {"title", "Lampu jalan mati uji nomor"},
                       {"description", "Lampu jalan di depan balai RW mati sejak tiga hari."},
                       {"reporter", {{"name", "Sri Wahyuni"}, {"phone", "081277778888"}}}};
  auto filed = Call("POST", "/api/v1/cases", {}, complaint.dump());
  ASSERT_EQ(filed.status, 201) << filed.body;
  const std::string code = json::parse(filed.body)["tracking_code"];
  const std::string events = "/api/v1/cases/" + code + "/events";
  const auto verifier = Login("verifikator");
  ASSERT_EQ(Call("POST", events, verifier, R"({"action":"verify"})").status, 201);

  // The published numbers are read again a few seconds after a change of
  // the catalogue (CaseReader::PublishedNumbers): the first update waits
  // for the public view to keep the number, the second is the one checked.
  const json first{{"action", "public_update"}, {"text", "Hubungi 024-3513366."}};
  ASSERT_EQ(Call("POST", events, verifier, first.dump()).status, 201);
  for (int tries = 0; tries < 100; ++tries) {
    if (Call("GET", "/api/v1/cases/" + code).body.find("024-3513366") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const json second{{"action", "public_update"},
                    {"text", "Silakan hubungi 024-3513366; nomor Anda 0812-7777-8888 kami catat."}};
  ASSERT_EQ(Call("POST", events, verifier, second.dump()).status, 201);

  ASSERT_TRUE(receiver.WaitForCalls(2, std::chrono::seconds(20))) << server_->LogTail();
  std::string said;
  for (const auto& call : receiver.Calls()) {
    const json body = json::parse(call.body);
    EXPECT_EQ(call.body.find("7777"), std::string::npos) << call.body;
    if (body.value("text", "").starts_with("Silakan")) said = body.value("text", "");
  }
  EXPECT_EQ(said, "Silakan hubungi 024-3513366; nomor Anda [disamarkan] kami catat.");
}

TEST_F(NotifyApi, ServerDeliversSignedWebhookCalls) {
  test_support::WebhookReceiver receiver;
  auto created = Call("POST", "/api/v1/webhooks", Login("admin"),
                      json{{"url", receiver.Url("/sigap")}, {"events", json::array()}}.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  const auto hook = json::parse(created.body);

  Enqueue("webhook", "webhook:" + std::to_string(hook["id"].get<int64_t>()),
          {{"tracking_code", "7K3M9QX2PA"}, {"status", "disposed"}});

  ASSERT_TRUE(receiver.WaitForCalls(1, std::chrono::seconds(20))) << server_->LogTail();
  const auto call = receiver.Calls()[0];
  EXPECT_EQ(call.headers.at("X-Sigap-Signature"),
            "sha256=" + Hmac(hook["secret"].get<std::string>(), call.body));
  EXPECT_EQ(json::parse(call.body)["tracking_code"], "7K3M9QX2PA");
}

TEST_F(NotifyApi, ServerSendsEmailToAnOfficerCreatedWithAnAddress) {
  auto created = integration::RunSigap(
      {"admin", "create-user", "--db", server_->db_path().string(), "--role", "verifier",
       "--username", "vera.notify", "--email", "vera@semarangkota.go.id"},
      "kata-sandi-panjang\n");
  ASSERT_EQ(created.exit_code, 0) << created.err;
  auto bad = integration::RunSigap({"admin", "create-user", "--db", server_->db_path().string(),
                                    "--role", "verifier", "--username", "x", "--email", "x y@z"},
                                   "kata-sandi-panjang\n");
  EXPECT_EQ(bad.exit_code, 2);

  Enqueue("email", "user:vera.notify", {{"tracking_code", "7K3M9QX2PA"}});

  // The demo's own mail may come first (a reporter told of a deadline when
  // the day turns while the suite runs): the officer's is looked for.
  const std::vector<std::string> vera = {"vera@semarangkota.go.id"};
  std::optional<test_support::ReceivedMail> mail;
  for (int tries = 0; tries < 200 && !mail; ++tries) {
    for (const auto& m : sink_->Messages()) {
      if (m.rcpt_to == vera) mail = m;
    }
    if (!mail) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(mail.has_value()) << server_->LogTail();
  EXPECT_EQ(mail->mail_from, "sigap@semarangkota.go.id");
  EXPECT_EQ(server_->LogTail(100000).find("vera@"), std::string::npos);
}

// The first message to `address` whose decoded subject contains `part`,
// waiting up to 20 s for it; {subject, body} decoded.
std::optional<std::pair<std::string, std::string>> MailTo(test_support::SmtpSink& sink,
                                                          const std::string& address,
                                                          const std::string& part) {
  for (int tries = 0; tries < 200; ++tries) {
    for (const auto& m : sink.Messages()) {
      if (m.rcpt_to != std::vector<std::string>{address}) continue;
      const std::string subject = notify::test::DecodeEncodedWords(m.Header("Subject"));
      if (subject.find(part) != std::string::npos) {
        return std::pair{subject, notify::test::DecodeQuotedPrintable(m.Body())};
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return std::nullopt;
}

// Regression (exploratory test 11): a supporting agency was sent the
// lead's "Kasus baru untuk Dinas Pekerjaan Umum", and when the lead
// forwarded a confidential case away the supporting agency lost it without
// a word. It is asked to support, by whom; a forward that ends its support
// tells it so and why, without the forward's reason or a link it cannot
// open.
TEST_F(NotifyApi, ASupportingAgencyIsAskedToSupportAndToldWhenAForwardEndsIt) {
  const std::string perkim = "perkim.notify@semarangkota.go.id";
  auto created = integration::RunSigap(
      {"admin", "create-user", "--db", server_->db_path().string(), "--role", "agency_officer",
       "--agency", "DISPERKIM", "--username", "petugas.perkim.notify", "--email", perkim},
      "kata-sandi-panjang\n");
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const json complaint = {
      {"kind", "complaint"},
      {"service_code", "PU-DRAINASE"},
      {"title", "Saluran tersumbat dukungan"},
      {"description", "Saluran di depan SD tersumbat sampah sejak seminggu, air meluap ke jalan."},
      {"location", {{"region_code", "33.74.01.1001"}, {"address", "Jl. Pemuda 12"}}},
      {"reporter", {{"name", "Sri Pelapor"}, {"phone", "081299887766"}}},
      {"confidential", true}};
  auto filed = Call("POST", "/api/v1/cases", {}, complaint.dump());
  ASSERT_EQ(filed.status, 201) << filed.body;
  const std::string code = json::parse(filed.body)["tracking_code"];
  const std::string events = "/api/v1/cases/" + code + "/events";
  const auto verifier = Login("verifikator");
  ASSERT_EQ(Call("POST", events, verifier, R"({"action":"verify"})").status, 201);
  const json dispose = {
      {"action", "dispose"}, {"agency_code", "DPU"}, {"supporting", {"DISPERKIM"}}};
  auto disposed = Call("POST", events, verifier, dispose.dump());
  ASSERT_EQ(disposed.status, 201) << disposed.body;

  const auto asked = MailTo(*sink_, perkim, code);
  ASSERT_TRUE(asked.has_value()) << server_->LogTail();
  EXPECT_EQ(asked->first, "[Sigap] Instansi Anda diminta mendukung penanganan kasus " + code);
  EXPECT_NE(asked->second.find("dipimpin oleh Dinas Pekerjaan Umum"), std::string::npos)
      << asked->second;
  // By the verifier's full name (sigap demo gives one), not the username.
  EXPECT_NE(asked->second.find("Diminta oleh: Mega Puspitasari"), std::string::npos)
      << asked->second;

  const json forward = {{"action", "forward"},
                        {"agency_code", "DISHUB"},
                        {"reason", "Menyangkut petugas Disperkim sendiri"}};
  auto forwarded = Call("POST", events, Login("petugas.dpu"), forward.dump());
  ASSERT_EQ(forwarded.status, 201) << forwarded.body;

  const auto ended = MailTo(*sink_, perkim, "berakhir");
  ASSERT_TRUE(ended.has_value()) << server_->LogTail();
  EXPECT_EQ(ended->first, "[Sigap] Dukungan instansi Anda untuk kasus " + code + " berakhir");
  EXPECT_NE(ended->second.find("dialihkan kepada Dinas Perhubungan"), std::string::npos)
      << ended->second;
  EXPECT_NE(ended->second.find("laporan rahasia"), std::string::npos) << ended->second;
  EXPECT_EQ(ended->second.find("Menyangkut petugas"), std::string::npos) << ended->second;
  EXPECT_EQ(ended->second.find("/petugas/kasus/"), std::string::npos) << ended->second;
}

}  // namespace
}  // namespace sigap
