// The Dispatcher on a real SQLite file, delivering to a real SMTP server
// and webhook receiver on loopback. Outbox rows are written with plain SQL,
// as the case lifecycle writes them inside its own transactions.
#include "notify/dispatcher.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "notify/mime_decode.h"
#include "store/store_fixture.h"
#include "support/smtp_sink.h"
#include "support/webhook_receiver.h"

namespace sigap::notify {
namespace {

using nlohmann::json;
using test_support::SmtpSink;
using test_support::WebhookReceiver;

Timestamp At(int64_t seconds) { return FromMicros(seconds * 1000000); }
const Timestamp kT0 = At(1'780'000'000);

class FixedClock final : public Clock {
 public:
  Timestamp Now() const override { return kT0; }
};

// An outbox row as the test reads it back.
struct Row {
  int attempts = 0;
  std::optional<Timestamp> next_attempt_at;
  std::optional<Timestamp> delivered_at;
  std::string last_error;
};

class DispatcherTest : public testing::Test {
 protected:
  void SetUp() override {
    store_ = store::SqliteBackend::Open(dir_);
    pemda_ = *store_->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
    ASSERT_TRUE(store_->SaveAgency(pemda_, {"DPU", "Dinas Pekerjaan Umum", "dinas", "", ""}));
    case_id_ = Submit("sri@example.id");
    ASSERT_EQ(sqlite3_open((dir_.path() / "sigap.db").c_str(), &db_), SQLITE_OK);
    sqlite3_busy_timeout(db_, 5000);
    settings_.smtp.host = "127.0.0.1";
    settings_.smtp.port = sink_.port();
    settings_.smtp.security = SmtpSecurity::kNone;
    settings_.smtp.timeout = std::chrono::seconds(5);
    settings_.from = "Sigap <sigap@semarangkota.go.id>";
    settings_.base_url = "https://lapor.semarangkota.go.id";
    settings_.max_attempts = 4;
    settings_.webhook.allow_private = true;  // the receivers listen on loopback
  }

  void TearDown() override { sqlite3_close(db_); }

  store::CaseId Submit(const std::string& email) {
    store::NewCase c;
    c.pemda_id = pemda_;
    c.submission.kind = domain::CaseKind::kComplaint;
    c.submission.title = "Saluran tersumbat";
    c.submission.description = "Saluran di depan SD tersumbat sampah sejak seminggu.";
    c.submission.reporter = {"Sri Rahayu", "081234567890", email, "3374010101900001"};
    c.agency_code = "DPU";
    c.salt = 7;
    c.created_at = kT0;
    auto receipts = store_->SubmitCases({c});
    EXPECT_TRUE(receipts.has_value());
    tracking_code_ = (*receipts)[0].tracking_code;
    return (*receipts)[0].case_id;
  }

  void Exec(const std::string& sql) {
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << error;
  }

  // Inserts a due outbox row; returns its id.
  int64_t Enqueue(const std::string& channel, const std::string& audience,
                  const std::string& kind = "disposed", json payload = {}) {
    if (payload.is_null()) {
      payload = {{"tracking_code", tracking_code_},
                 {"event", kind},
                 {"status", "disposed"},
                 {"agency_code", "DPU"},
                 {"agency_name", "Dinas Pekerjaan Umum"},
                 {"at", "2026-05-28T03:00:00Z"}};
    }
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db_,
                       "INSERT INTO outbox (pemda_id, case_id, event_id, channel, audience, "
                       "template, payload, created_at, next_attempt_at) "
                       "VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)",
                       -1, &stmt, nullptr);
    const std::string text = payload.dump();
    sqlite3_bind_int64(stmt, 1, pemda_);
    sqlite3_bind_int64(stmt, 2, case_id_);
    sqlite3_bind_text(stmt, 3, channel.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 4, audience.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 5, kind.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 6, text.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 7, ToMicros(kT0));
    sqlite3_bind_int64(stmt, 8, ToMicros(kT0));
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE);
    sqlite3_finalize(stmt);
    return sqlite3_last_insert_rowid(db_);
  }

  Row Read(int64_t id) {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(
        db_, "SELECT attempts, next_attempt_at, delivered_at, last_error FROM outbox WHERE id = ?",
        -1, &stmt, nullptr);
    sqlite3_bind_int64(stmt, 1, id);
    Row row;
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    row.attempts = sqlite3_column_int(stmt, 0);
    if (sqlite3_column_type(stmt, 1) != SQLITE_NULL) {
      row.next_attempt_at = FromMicros(sqlite3_column_int64(stmt, 1));
    }
    if (sqlite3_column_type(stmt, 2) != SQLITE_NULL) {
      row.delivered_at = FromMicros(sqlite3_column_int64(stmt, 2));
    }
    row.last_error = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3));
    sqlite3_finalize(stmt);
    return row;
  }

  void AddOfficer(const std::string& username, domain::Role role, const std::string& email,
                  bool active = true) {
    domain::User u;
    u.pemda_id = pemda_;
    u.username = username;
    u.password_hash = "x";
    u.role = role;
    u.agency_code = "DPU";
    u.active = active;
    u.email = email;
    ASSERT_TRUE(store_->CreateUser(u).has_value());
  }

  store::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  store::PemdaId pemda_ = 0;
  store::CaseId case_id_ = 0;
  std::string tracking_code_;
  sqlite3* db_ = nullptr;
  SmtpSink sink_;
  FixedClock clock_;
  Settings settings_;
};

TEST_F(DispatcherTest, ReporterMessageIsDeliveredByEmail) {
  const auto id = Enqueue("email", "reporter");
  Dispatcher dispatcher(*store_, clock_, settings_);

  auto report = dispatcher.RunOnce(kT0);

  EXPECT_EQ(report.claimed, 1);
  EXPECT_EQ(report.delivered, 1);
  auto mails = sink_.Messages();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].rcpt_to, std::vector<std::string>{"sri@example.id"});
  EXPECT_EQ(test::DecodeEncodedWords(mails[0].Header("Subject")),
            "Laporan " + tracking_code_ + " didisposisikan kepada Dinas Pekerjaan Umum");
  const std::string body = test::DecodeQuotedPrintable(mails[0].Body());
  EXPECT_NE(body.find("https://lapor.semarangkota.go.id/lacak/" + tracking_code_),
            std::string::npos);
  EXPECT_EQ(mails[0].Header("Message-ID").rfind("<outbox." + std::to_string(id) + ".", 0), 0u);
  const Row row = Read(id);
  EXPECT_EQ(row.delivered_at, kT0);
  EXPECT_FALSE(row.next_attempt_at.has_value());
}

TEST_F(DispatcherTest, ReportersOfMergedCasesAreToldTooWithoutSeeingEachOther) {
  const auto original = case_id_;
  const auto merged = Submit("budi@example.id");
  Exec("UPDATE cases SET merged_into = " + std::to_string(original) +
       " WHERE id = " + std::to_string(merged));
  case_id_ = original;
  Enqueue("email", "reporter", "resolved");
  Dispatcher dispatcher(*store_, clock_, settings_);

  dispatcher.RunOnce(kT0);

  auto mails = sink_.Messages();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].rcpt_to, (std::vector<std::string>{"budi@example.id", "sri@example.id"}));
  EXPECT_EQ(mails[0].Header("To"), "undisclosed-recipients:;");
  EXPECT_EQ(mails[0].data.find("@example.id"), std::string::npos);
}

TEST_F(DispatcherTest, FailingServerIsRetriedWithBackoffUntilItRecovers) {
  const auto id = Enqueue("email", "reporter");
  Dispatcher dispatcher(*store_, clock_, settings_);
  sink_.FailNext(1, 451);

  auto first = dispatcher.RunOnce(kT0);
  const Row after_451 = Read(id);
  auto too_early = dispatcher.RunOnce(kT0 + std::chrono::seconds(29));
  sink_.SetDown(true);
  auto second = dispatcher.RunOnce(kT0 + std::chrono::seconds(30));
  const Row after_outage = Read(id);
  sink_.SetDown(false);
  auto third = dispatcher.RunOnce(kT0 + std::chrono::seconds(90));

  EXPECT_EQ(first.retried, 1);
  EXPECT_EQ(after_451.attempts, 1);
  EXPECT_EQ(after_451.next_attempt_at, kT0 + std::chrono::seconds(30));
  EXPECT_EQ(after_451.last_error, "smtp DATA: 451 4.3.0");
  EXPECT_EQ(too_early.claimed, 0);
  EXPECT_EQ(second.retried, 1);
  EXPECT_EQ(after_outage.attempts, 2);
  EXPECT_EQ(after_outage.next_attempt_at, kT0 + std::chrono::seconds(30 + 60));
  EXPECT_EQ(after_outage.last_error.rfind("smtp connect: ", 0), 0u) << after_outage.last_error;
  EXPECT_EQ(third.delivered, 1);
  EXPECT_EQ(sink_.Messages().size(), 1u);
  EXPECT_EQ(Read(id).delivered_at, kT0 + std::chrono::seconds(90));
}

TEST_F(DispatcherTest, MessageIsGivenUpAfterMaxAttempts) {
  const auto id = Enqueue("email", "reporter");
  Dispatcher dispatcher(*store_, clock_, settings_);
  sink_.SetDown(true);

  RunReport last;
  Timestamp now = kT0;
  for (int i = 0; i < settings_.max_attempts; ++i) {
    last = dispatcher.RunOnce(now);
    if (auto next = Read(id).next_attempt_at) now = *next;
  }

  EXPECT_EQ(last.failed, 1);
  const Row row = Read(id);
  EXPECT_EQ(row.attempts, 4);
  EXPECT_FALSE(row.next_attempt_at.has_value());
  EXPECT_FALSE(row.delivered_at.has_value());
  EXPECT_EQ(row.last_error.rfind("gave up after 4 attempts: smtp connect: ", 0), 0u)
      << row.last_error;
  EXPECT_EQ(now, kT0 + std::chrono::seconds(30 + 60 + 120));
}

TEST_F(DispatcherTest, PermanentRefusalIsNotRetried) {
  const auto id = Enqueue("email", "reporter");
  Dispatcher dispatcher(*store_, clock_, settings_);
  sink_.FailNext(1, 554);

  auto report = dispatcher.RunOnce(kT0);

  EXPECT_EQ(report.failed, 1);
  EXPECT_EQ(Read(id).attempts, 1);
  EXPECT_FALSE(Read(id).next_attempt_at.has_value());
  EXPECT_EQ(Read(id).last_error, "smtp DATA: 554 5.3.0");
}

TEST_F(DispatcherTest, OneOutageCostsOneConnectionAttemptPerPass) {
  const auto a = Enqueue("email", "reporter");
  const auto b = Enqueue("email", "reporter");
  Dispatcher dispatcher(*store_, clock_, settings_);
  sink_.SetDown(true);

  auto report = dispatcher.RunOnce(kT0);

  EXPECT_EQ(report.retried, 2);
  EXPECT_EQ(Read(a).attempts, 1);
  EXPECT_EQ(Read(b).last_error, Read(a).last_error);
}

TEST_F(DispatcherTest, NobodyToTellIsDeliveredWithANote) {
  case_id_ = Submit("");
  const auto reporter = Enqueue("email", "reporter");
  const auto inspectorate = Enqueue("email", "inspectorate", "escalated");
  Dispatcher dispatcher(*store_, clock_, settings_);

  auto report = dispatcher.RunOnce(kT0);

  EXPECT_EQ(report.delivered, 2);
  EXPECT_TRUE(sink_.Messages().empty());
  EXPECT_EQ(Read(reporter).last_error, "no recipient with a valid e-mail address");
  EXPECT_EQ(Read(inspectorate).last_error, "no inspectorate address configured");
}

TEST_F(DispatcherTest, OfficersAndTheInspectorateGetOfficerMessages) {
  AddOfficer("kepala.dpu", domain::Role::kAgencyHead, "kepala@dpu.go.id");
  AddOfficer("staf.dpu", domain::Role::kAgencyOfficer, "staf@dpu.go.id");
  settings_.inspectorate_emails =
      SplitAddresses(" irban@inspektorat.go.id, ,itwil@inspektorat.go.id");
  Enqueue("email", "agency:DPU", "disposed");
  Enqueue("email", "inspectorate", "escalated",
          {{"tracking_code", tracking_code_}, {"level", 3}, {"rule", "overdue"}});
  Dispatcher dispatcher(*store_, clock_, settings_);

  dispatcher.RunOnce(kT0);

  auto mails = sink_.Messages();
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(mails[0].rcpt_to, (std::vector<std::string>{"kepala@dpu.go.id", "staf@dpu.go.id"}));
  EXPECT_NE(test::DecodeQuotedPrintable(mails[0].Body())
                .find("https://lapor.semarangkota.go.id/petugas/kasus/" + tracking_code_),
            std::string::npos);
  EXPECT_EQ(mails[1].rcpt_to,
            (std::vector<std::string>{"irban@inspektorat.go.id", "itwil@inspektorat.go.id"}));
  EXPECT_EQ(test::DecodeEncodedWords(mails[1].Header("Subject")),
            "[Sigap] Eskalasi tingkat 3: kasus " + tracking_code_);
}

// A supporting agency reads who asked for its support by the officer's
// full name when the account has one, by username when it has none.
TEST_F(DispatcherTest, ASupportingAgencyIsToldTheRequestersFullName) {
  AddOfficer("staf.dpu", domain::Role::kAgencyOfficer, "staf@dpu.go.id");
  domain::User verifier;
  verifier.pemda_id = pemda_;
  verifier.username = "verifikator";
  verifier.password_hash = "x";
  verifier.full_name = "Mega Puspitasari";
  ASSERT_TRUE(store_->CreateUser(verifier).has_value());
  const json asked = {
      {"tracking_code", tracking_code_},       {"agency_code", "DPU"},
      {"agency_name", "Dinas Pekerjaan Umum"}, {"lead_agency_name", "Dinas Pekerjaan Umum"},
      {"recipient_role", "supporting"},        {"requested_by", "user:verifikator"}};
  json unnamed = asked;
  unnamed["requested_by"] = "user:petugas.lama";
  Enqueue("email", "agency:DPU", "disposed", asked);
  Enqueue("email", "agency:DPU", "disposed", unnamed);
  Dispatcher dispatcher(*store_, clock_, settings_);

  dispatcher.RunOnce(kT0);

  auto mails = sink_.Messages();
  ASSERT_EQ(mails.size(), 2u);
  const std::string named = test::DecodeQuotedPrintable(mails[0].Body());
  EXPECT_NE(named.find("Diminta oleh: Mega Puspitasari"), std::string::npos) << named;
  EXPECT_EQ(named.find("verifikator"), std::string::npos) << named;
  const std::string fallback = test::DecodeQuotedPrintable(mails[1].Body());
  EXPECT_NE(fallback.find("Diminta oleh: petugas.lama"), std::string::npos) << fallback;
}

TEST_F(DispatcherTest, EmailWaitsWhileNoServerIsConfiguredButWebhooksGo) {
  WebhookReceiver receiver;
  const auto hook = *store_->CreateWebhook({0, pemda_, receiver.Url(), "k", {}, true, kT0});
  const auto email = Enqueue("email", "reporter");
  const auto call = Enqueue("webhook", "webhook:" + std::to_string(hook));
  settings_.smtp.host.clear();
  Dispatcher dispatcher(*store_, clock_, settings_);

  auto report = dispatcher.RunOnce(kT0);

  EXPECT_EQ(report.claimed, 1);
  EXPECT_EQ(Read(email).next_attempt_at, kT0);
  EXPECT_EQ(Read(email).attempts, 0);
  EXPECT_TRUE(Read(call).delivered_at.has_value());
  EXPECT_EQ(receiver.Calls().size(), 1u);
}

TEST_F(DispatcherTest, WebhookIsSignedRetriedAfter503AndCarriesNoPersonalData) {
  WebhookReceiver receiver;
  receiver.Respond({503});
  const std::string secret = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  const auto hook =
      *store_->CreateWebhook({0, pemda_, receiver.Url("/sigap"), secret, {"disposed"}, true, kT0});
  const auto id = Enqueue("webhook", "webhook:" + std::to_string(hook));
  Dispatcher dispatcher(*store_, clock_, settings_);

  auto first = dispatcher.RunOnce(kT0);
  const Row after_503 = Read(id);
  auto second = dispatcher.RunOnce(kT0 + std::chrono::seconds(30));

  EXPECT_EQ(first.retried, 1);
  EXPECT_EQ(after_503.last_error, "webhook: HTTP 503");
  EXPECT_EQ(second.delivered, 1);
  auto calls = receiver.Calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].body, calls[1].body);
  EXPECT_EQ(calls[0].headers.at("X-Sigap-Delivery"),
            std::to_string(id) + "-" + std::to_string(ToMicros(kT0)));
  EXPECT_EQ(calls[1].headers.at("X-Sigap-Delivery"), calls[0].headers.at("X-Sigap-Delivery"));
  EXPECT_EQ(calls[1].headers.at("X-Sigap-Event"), "disposed");
  // The subscriber's check, written with libsodium directly.
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(
      &state, reinterpret_cast<const unsigned char*>(calls[1].body.data()), calls[1].body.size());
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[2 * sizeof mac + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  EXPECT_EQ(calls[1].headers.at("X-Sigap-Signature"), "sha256=" + std::string(hex));
  const auto body = json::parse(calls[1].body);
  EXPECT_EQ(body["id"], id);
  EXPECT_EQ(body["event"], "disposed");
  EXPECT_EQ(body["tracking_code"], tracking_code_);
  for (const char* personal : {"Sri", "sri@example.id", "081234567890", "3374010101900001"}) {
    EXPECT_EQ(calls[1].body.find(personal), std::string::npos) << personal;
  }
}

TEST_F(DispatcherTest, WebhookDeletedOrNotSubscribedGetsNothing) {
  WebhookReceiver receiver;
  const auto deleted = *store_->CreateWebhook({0, pemda_, receiver.Url(), "k", {}, true, kT0});
  const auto picky =
      *store_->CreateWebhook({0, pemda_, receiver.Url(), "k", {"closed"}, true, kT0});
  ASSERT_TRUE(store_->DeleteWebhook(pemda_, deleted));
  const auto a = Enqueue("webhook", "webhook:" + std::to_string(deleted));
  const auto b = Enqueue("webhook", "webhook:" + std::to_string(picky));
  Dispatcher dispatcher(*store_, clock_, settings_);

  auto report = dispatcher.RunOnce(kT0);

  EXPECT_EQ(report.delivered, 2);
  EXPECT_TRUE(receiver.Calls().empty());
  EXPECT_EQ(Read(a).last_error, "webhook deleted");
  EXPECT_EQ(Read(b).last_error, "webhook not subscribed to this event");
}

TEST_F(DispatcherTest, BackgroundThreadDeliversWhenNotified) {
  Dispatcher dispatcher(*store_, clock_, settings_);
  dispatcher.Start();

  Enqueue("email", "reporter");
  dispatcher.Notify();

  EXPECT_TRUE(sink_.WaitForMessages(1, std::chrono::seconds(10)));
  dispatcher.Stop();
}

TEST_F(DispatcherTest, LogsNameNeitherAddressesNorContent) {
  std::ostringstream captured;
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>(
      "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(captured)));
  AddOfficer("kepala.dpu", domain::Role::kAgencyHead, "kepala@dpu.go.id");
  Enqueue("email", "reporter");
  Enqueue("email", "user:kepala.dpu", "escalated");
  Enqueue("email", "reporter", "rejected", {{"tracking_code", "X"}, {"reason", "Duplikat"}});
  Dispatcher dispatcher(*store_, clock_, settings_);
  sink_.FailNext(1, 451);

  dispatcher.RunOnce(kT0);

  spdlog::set_default_logger(previous);
  const std::string logs = captured.str();
  EXPECT_NE(logs.find("notify: outbox"), std::string::npos) << logs;
  for (const char* secret : {"@", "kepala.dpu", "Duplikat", "Saluran", "Sri"}) {
    EXPECT_EQ(logs.find(secret), std::string::npos) << secret << " in " << logs;
  }
}

TEST(DispatcherBackoff, DoublesFromThirtySecondsUpToAnHour) {
  Settings settings;

  EXPECT_EQ(NextAttempt(kT0, 1, settings), kT0 + std::chrono::seconds(30));
  EXPECT_EQ(NextAttempt(kT0, 2, settings), kT0 + std::chrono::minutes(1));
  EXPECT_EQ(NextAttempt(kT0, 3, settings), kT0 + std::chrono::minutes(2));
  EXPECT_EQ(NextAttempt(kT0, 7, settings), kT0 + std::chrono::minutes(32));
  EXPECT_EQ(NextAttempt(kT0, 8, settings), kT0 + std::chrono::hours(1));
  EXPECT_EQ(NextAttempt(kT0, 40, settings), kT0 + std::chrono::hours(1));
}

}  // namespace
}  // namespace sigap::notify
