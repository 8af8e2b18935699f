// The Store contract for notifications: the outbox is claimed under a
// lease, retried and completed; e-mail audiences resolve to addresses;
// webhooks are registered, listed without secrets and deleted for good.
#include <algorithm>
#include <future>

#include "store/store_fixture.h"

namespace sigap::store {
namespace {

Timestamp At(int64_t seconds) { return FromMicros(seconds * 1000000); }
const Timestamp kT0 = At(1'780'000'000);

template <typename Backend>
class StoreNotify : public testing::Test {
 protected:
  void SetUp() override {
    store_ = Backend::Open(dir_);
    auto pemda = store_->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
    ASSERT_TRUE(pemda.has_value());
    pemda_ = *pemda;
    other_pemda_ = *store_->SavePemda({0, "33.22", "Kabupaten Semarang", "Asia/Jakarta"});
  }

  Store& store() { return *store_; }

  CaseId Submit(const std::string& email) {
    NewCase c;
    c.pemda_id = pemda_;
    c.submission.title = "Lampu jalan mati";
    c.submission.description = "Lampu jalan mati di depan pasar sejak tiga hari.";
    c.submission.reporter = {"Sri", "081234567890", email, ""};
    c.salt = 7;
    c.created_at = kT0;
    auto receipts = store_->SubmitCases({c});
    EXPECT_TRUE(receipts.has_value());
    return receipts ? (*receipts)[0].case_id : 0;
  }

  void AddUser(const std::string& username, domain::Role role, const std::string& agency,
               const std::string& email, bool active = true, PemdaId pemda = 0) {
    domain::User u;
    u.pemda_id = pemda ? pemda : pemda_;
    u.username = username;
    u.password_hash = "x";
    u.role = role;
    u.agency_code = agency;
    u.active = active;
    u.email = email;
    ASSERT_TRUE(store_->CreateUser(u).has_value());
  }

  // Runs SQL on the database file beside the store (the lifecycle's outbox
  // writes are not part of this contract).
  void Exec(const std::string& sql) { EXPECT_EQ(Backend::ExecSql(dir_, sql), ""); }

  void Enqueue(int64_t id, const std::string& channel, Timestamp due) {
    Exec(
        "INSERT INTO outbox (id, pemda_id, case_id, event_id, channel, audience, template, "
        "payload, created_at, next_attempt_at) VALUES (" +
        std::to_string(id) + ", " + std::to_string(pemda_) + ", 1, 1, '" + channel +
        "', 'reporter', 'disposed', '{\"tracking_code\":\"X\"}', " + std::to_string(ToMicros(kT0)) +
        ", " + std::to_string(ToMicros(due)) + ")");
  }

  OutboxMessage Audience(const std::string& audience, CaseId case_id = 0) {
    OutboxMessage m;
    m.pemda_id = pemda_;
    m.case_id = case_id;
    m.channel = "email";
    m.audience = audience;
    return m;
  }

  std::vector<int64_t> Ids(const Result<std::vector<OutboxMessage>>& claimed) {
    EXPECT_TRUE(claimed.has_value());
    std::vector<int64_t> ids;
    if (claimed) {
      for (const auto& m : *claimed) ids.push_back(m.id);
    }
    return ids;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  PemdaId pemda_ = 0;
  PemdaId other_pemda_ = 0;
};

using Backends = StoreBackends;
TYPED_TEST_SUITE(StoreNotify, Backends);

using Ids = std::vector<int64_t>;

TYPED_TEST(StoreNotify, ClaimTakesDueMessagesOldestFirstWithTheirFields) {
  this->Enqueue(1, "email", kT0 + std::chrono::seconds(5));
  this->Enqueue(2, "webhook", kT0);
  this->Enqueue(3, "email", kT0 + std::chrono::hours(1));

  auto claimed = this->store().ClaimOutbox(kT0 + std::chrono::seconds(10),
                                           kT0 + std::chrono::minutes(5), 10, "");

  EXPECT_EQ(this->Ids(claimed), (Ids{2, 1}));
  const auto& m = (*claimed)[1];
  EXPECT_EQ(m.pemda_id, this->pemda_);
  EXPECT_EQ(m.channel, "email");
  EXPECT_EQ(m.audience, "reporter");
  EXPECT_EQ(m.template_name, "disposed");
  EXPECT_EQ(m.payload, R"({"tracking_code":"X"})");
  EXPECT_EQ(m.created_at, kT0);
  EXPECT_EQ(m.attempts, 0);
}

TYPED_TEST(StoreNotify, ClaimedMessageIsLeasedUntilTheLeasePasses) {
  this->Enqueue(1, "email", kT0);
  const auto lease_until = kT0 + std::chrono::minutes(5);

  auto first = this->store().ClaimOutbox(kT0, lease_until, 10, "");
  auto second = this->store().ClaimOutbox(kT0 + std::chrono::minutes(4), lease_until, 10, "");
  auto after_lease =
      this->store().ClaimOutbox(lease_until, lease_until + std::chrono::minutes(5), 10, "");

  EXPECT_EQ(this->Ids(first), Ids{1});
  EXPECT_EQ(this->Ids(second), Ids{});
  EXPECT_EQ(this->Ids(after_lease), Ids{1});
}

TYPED_TEST(StoreNotify, ClaimRespectsTheLimitAndTheChannel) {
  for (int64_t id = 1; id <= 5; ++id) this->Enqueue(id, id % 2 ? "email" : "webhook", kT0);

  auto webhooks = this->store().ClaimOutbox(kT0, kT0 + std::chrono::minutes(5), 10, "webhook");
  auto two = this->store().ClaimOutbox(kT0, kT0 + std::chrono::minutes(5), 2, "");

  EXPECT_EQ(this->Ids(webhooks), (Ids{2, 4}));
  EXPECT_EQ(this->Ids(two), (Ids{1, 3}));
}

TYPED_TEST(StoreNotify, RetryReschedulesAndCompleteOrGivingUpEndsTheMessage) {
  this->Enqueue(1, "email", kT0);
  this->Enqueue(2, "email", kT0);
  this->Enqueue(3, "email", kT0);
  ASSERT_TRUE(this->store().ClaimOutbox(kT0, kT0 + std::chrono::minutes(5), 10, ""));

  ASSERT_TRUE(this->store().RetryOutbox(1, 1, kT0 + std::chrono::seconds(30), "smtp DATA: 451"));
  ASSERT_TRUE(this->store().CompleteOutbox(2, kT0, "no recipient"));
  ASSERT_TRUE(this->store().RetryOutbox(3, 12, std::nullopt, "gave up"));
  auto before = this->store().ClaimOutbox(kT0 + std::chrono::seconds(29), kT0, 10, "");
  auto later = this->store().ClaimOutbox(kT0 + std::chrono::hours(9), kT0, 10, "");

  EXPECT_EQ(this->Ids(before), Ids{});
  ASSERT_EQ(this->Ids(later), Ids{1});
  EXPECT_EQ((*later)[0].attempts, 1);
  EXPECT_EQ((*later)[0].last_error, "smtp DATA: 451");
}

TYPED_TEST(StoreNotify, UnknownMessageIsNotFound) {
  auto completed = this->store().CompleteOutbox(99, kT0, "");
  auto retried = this->store().RetryOutbox(99, 1, std::nullopt, "");

  ASSERT_FALSE(completed.has_value());
  EXPECT_EQ(completed.error().code, ErrorCode::kNotFound);
  ASSERT_FALSE(retried.has_value());
  EXPECT_EQ(retried.error().code, ErrorCode::kNotFound);
}

TYPED_TEST(StoreNotify, ReporterAudienceIncludesReportersOfMergedCases) {
  const auto target = this->Submit("sri@example.id");
  const auto merged = this->Submit("budi@example.id");
  const auto silent = this->Submit("");
  const auto unrelated = this->Submit("ani@example.id");
  const auto duplicate = this->Submit("SRI@example.id");
  this->Exec("UPDATE cases SET merged_into = " + std::to_string(target) + " WHERE id IN (" +
             std::to_string(merged) + "," + std::to_string(silent) + "," +
             std::to_string(duplicate) + ")");

  auto recipients = this->store().EmailRecipients(this->Audience("reporter", target));
  auto of_merged = this->store().EmailRecipients(this->Audience("reporter", merged));
  (void)unrelated;

  ASSERT_TRUE(recipients.has_value());
  EXPECT_EQ(*recipients, (std::vector<std::string>{"budi@example.id", "SRI@example.id"}));
  EXPECT_EQ(*of_merged, std::vector<std::string>{"budi@example.id"});
}

TYPED_TEST(StoreNotify, ReporterWithoutEmailHasNoRecipients) {
  const auto id = this->Submit("");

  auto recipients = this->store().EmailRecipients(this->Audience("reporter", id));

  ASSERT_TRUE(recipients.has_value());
  EXPECT_TRUE(recipients->empty());
}

TYPED_TEST(StoreNotify, OfficerAudiencesResolveToActiveUsersWithEmail) {
  using domain::Role;
  this->AddUser("kepala.dpu", Role::kAgencyHead, "DPU", "kepala@dpu.go.id");
  this->AddUser("staf.dpu", Role::kAgencyOfficer, "DPU", "staf@dpu.go.id");
  this->AddUser("lama.dpu", Role::kAgencyOfficer, "DPU", "lama@dpu.go.id", false);
  this->AddUser("tanpa.email", Role::kAgencyOfficer, "DPU", "");
  this->AddUser("staf.dishub", Role::kAgencyOfficer, "DISHUB", "staf@dishub.go.id");
  this->AddUser("vera", Role::kVerifier, "", "vera@kota.go.id");
  this->AddUser("wali", Role::kLeader, "", "wali@kota.go.id");
  this->AddUser("admin.kota", Role::kAdmin, "", "admin@kota.go.id");
  this->AddUser("wakil.lama", Role::kLeader, "", "wakil@kota.go.id", false);
  this->AddUser("staf.lain", Role::kAgencyOfficer, "DPU", "lain@dpu.go.id", true,
                this->other_pemda_);
  this->AddUser("wali.lain", Role::kLeader, "", "wali@lain.go.id", true, this->other_pemda_);

  auto agency = this->store().EmailRecipients(this->Audience("agency:DPU"));
  auto head = this->store().EmailRecipients(this->Audience("agency_head:DPU"));
  auto user = this->store().EmailRecipients(this->Audience("user:wali"));
  auto inactive = this->store().EmailRecipients(this->Audience("user:lama.dpu"));
  auto verifiers = this->store().EmailRecipients(this->Audience("verifiers"));
  // The Pemda's active leaders and administrators (a Pemda-wide alert).
  auto leaders = this->store().EmailRecipients(this->Audience("leaders"));

  EXPECT_EQ(*agency, (std::vector<std::string>{"kepala@dpu.go.id", "staf@dpu.go.id"}));
  EXPECT_EQ(*head, std::vector<std::string>{"kepala@dpu.go.id"});
  EXPECT_EQ(*user, std::vector<std::string>{"wali@kota.go.id"});
  EXPECT_TRUE(inactive->empty());
  EXPECT_EQ(*verifiers, std::vector<std::string>{"vera@kota.go.id"});
  ASSERT_TRUE(leaders.has_value()) << leaders.error().message;
  EXPECT_EQ(*leaders, (std::vector<std::string>{"admin@kota.go.id", "wali@kota.go.id"}));
}

TYPED_TEST(StoreNotify, OtherAudiencesAreNotResolvedByTheStore) {
  for (const char* audience :
       {"inspectorate", "webhook:1", "agency:", "nobody", "reporter:x", "leaders:x"}) {
    auto recipients = this->store().EmailRecipients(this->Audience(audience));

    ASSERT_FALSE(recipients.has_value()) << audience;
    EXPECT_EQ(recipients.error().code, ErrorCode::kInvalidArgument);
  }
}

TYPED_TEST(StoreNotify, UserEmailIsSavedAndFound) {
  this->AddUser("vera", domain::Role::kVerifier, "", "");

  auto saved = this->store().SaveUserEmail(this->pemda_, "vera", "vera@kota.go.id");
  auto missing = this->store().SaveUserEmail(this->pemda_, "nobody", "x@kota.go.id");

  ASSERT_TRUE(saved.has_value());
  EXPECT_EQ(this->store().FindUser(this->pemda_, "vera")->email, "vera@kota.go.id");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TYPED_TEST(StoreNotify, WebhooksAreListedWithoutSecretsAndDeletedForGood) {
  auto a = this->store().CreateWebhook({0,
                                        this->pemda_,
                                        "https://a.example.id/hook",
                                        "secret-a",
                                        {"disposed", "closed"},
                                        true,
                                        kT0});
  auto b = this->store().CreateWebhook(
      {0, this->pemda_, "https://b.example.id/hook", "secret-b", {}, true, kT0});
  auto other = this->store().CreateWebhook(
      {0, this->other_pemda_, "https://c.example.id/", "secret-c", {}, true, kT0});
  ASSERT_TRUE(a && b && other);

  auto listed = this->store().ListWebhooks(this->pemda_);
  auto target = this->store().WebhookTarget(*a);
  auto wrong_pemda = this->store().DeleteWebhook(this->pemda_, *other);
  auto deleted = this->store().DeleteWebhook(this->pemda_, *a);
  auto again = this->store().DeleteWebhook(this->pemda_, *a);
  auto after = this->store().ListWebhooks(this->pemda_);
  auto gone = this->store().WebhookTarget(*a);
  auto newest = this->store().CreateWebhook(
      {0, this->pemda_, "https://d.example.id/", "secret-d", {}, true, kT0});
  ASSERT_TRUE(this->store().DeleteWebhook(this->pemda_, *newest));
  auto next = this->store().CreateWebhook(
      {0, this->pemda_, "https://e.example.id/", "secret-e", {}, true, kT0});

  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].url, "https://a.example.id/hook");
  EXPECT_EQ((*listed)[0].events, (std::vector<std::string>{"disposed", "closed"}));
  EXPECT_EQ((*listed)[0].created_at, kT0);
  EXPECT_TRUE((*listed)[0].secret.empty());
  EXPECT_EQ(target->secret, "secret-a");
  EXPECT_TRUE(target->active);
  EXPECT_EQ(wrong_pemda.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(deleted.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].id, *b);
  EXPECT_FALSE(gone->active);
  EXPECT_TRUE(gone->secret.empty());
  EXPECT_GT(*next, *newest);  // a deleted id is never handed out again
}

TYPED_TEST(StoreNotify, UnknownWebhookIsNotFound) {
  auto found = this->store().WebhookTarget(12345);

  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().code, ErrorCode::kNotFound);
}

// A case filed now is told to the webhooks that want `submitted` (or every
// event), in the case's transaction; an imported one, with its past, is not.
TYPED_TEST(StoreNotify, ANewCaseIsQueuedForTheWebhooksOfSubmitted) {
  Store& store = this->store();
  const auto all =
      store.CreateWebhook({0, this->pemda_, "https://a.example.id/", "k1", {}, true, kT0});
  const auto wants = store.CreateWebhook(
      {0, this->pemda_, "https://b.example.id/", "k2", {"submitted"}, true, kT0});
  const auto other = store.CreateWebhook(
      {0, this->pemda_, "https://c.example.id/", "k3", {"disposed"}, true, kT0});
  const auto elsewhere =
      store.CreateWebhook({0, this->other_pemda_, "https://d.example.id/", "k4", {}, true, kT0});
  ASSERT_TRUE(all && wants && other && elsewhere);
  NewCase filed;
  filed.pemda_id = this->pemda_;
  filed.submission.title = "Pohon tumbang";
  filed.submission.description = "Pohon tumbang menutup jalan sejak pagi.";
  filed.submission.reporter = {"Sri", "081234567890", "", ""};
  filed.salt = 9;
  filed.created_at = kT0;
  std::promise<Result<SubmitReceipt>> done;
  store.SubmitCase(filed, [&](Result<SubmitReceipt> r) { done.set_value(std::move(r)); });
  const auto receipt = done.get_future().get();
  ASSERT_TRUE(receipt.has_value()) << receipt.error().message;
  this->Submit("lama@example.id");  // no history: a new case too
  NewCase imported = filed;
  imported.salt = 10;
  imported.history.push_back({"imported", "import", kT0, false, {{"source", "lapor"}}});
  ASSERT_TRUE(store.SubmitCases({imported}).has_value());

  auto claimed = store.ClaimOutbox(kT0 + std::chrono::seconds(1), kT0 + std::chrono::minutes(5),
                                   100, "webhook");

  ASSERT_TRUE(claimed.has_value()) << claimed.error().message;
  std::vector<std::string> audiences;
  for (const auto& m : *claimed) {
    EXPECT_EQ(m.template_name, "submitted");
    EXPECT_EQ(m.payload.find("Sri"), std::string::npos) << m.payload;
    if (m.case_id == receipt->case_id) audiences.push_back(m.audience);
  }
  std::sort(audiences.begin(), audiences.end());
  EXPECT_EQ(audiences, (std::vector<std::string>{"webhook:" + std::to_string(*all),
                                                 "webhook:" + std::to_string(*wants)}));
  EXPECT_EQ(claimed->size(), 4u);  // two new cases, two subscribers each; not the import
}

}  // namespace
}  // namespace sigap::store
