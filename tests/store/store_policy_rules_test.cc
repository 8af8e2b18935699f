// The Store contract for policy rules (issue 10): every save is a new
// version, a save disables the rule until it is enabled again, enabling and
// disabling are audited, names are unique per Pemda, Pemdas do not see each
// other's rules. The runner's place only moves forward, and turning the
// kill switch off passes over what happened while it was on.
#include <future>

#include "store/store_fixture.h"

namespace sigap::store {
namespace {

Timestamp At(int64_t seconds) { return FromMicros(seconds * 1000000); }

PolicyRuleVersion Version(std::string name, std::string definition, int64_t at) {
  return {0, std::move(name), "Perpres 76/2013", std::move(definition), "user:admin", At(at)};
}

// Submits a case of `pemda` (one `submitted` event); returns its id.
CaseId Submit(Store& store, PemdaId pemda, int64_t at) {
  NewCase c;
  c.pemda_id = pemda;
  c.submission.title = "Lampu jalan mati";
  c.submission.description = "Lampu jalan di depan pasar mati sejak seminggu.";
  c.service_name = "Penerangan jalan";
  c.agency_code = "DPU";
  c.salt = 11;
  c.created_at = At(at);
  std::promise<Result<SubmitReceipt>> promise;
  store.SubmitCase(std::move(c), [&](Result<SubmitReceipt> r) { promise.set_value(r); });
  auto receipt = promise.get_future().get();
  EXPECT_TRUE(receipt.has_value()) << receipt.error().message;
  return receipt ? receipt->case_id : 0;
}

int64_t NewestEventId(Store& store, PemdaId pemda) {
  auto events = store.ListEventsAfter(pemda, 0, 1000);
  EXPECT_TRUE(events.has_value());
  return events && !events->empty() ? events->back().id : 0;
}

template <typename Backend>
class StorePolicyRules : public testing::Test {
 protected:
  void SetUp() override {
    store_ = Backend::Open(dir_);
    pemda_ = *store_->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
    other_ = *store_->SavePemda({0, "33.22", "Kabupaten Semarang", "Asia/Jakarta"});
  }
  Store& store() { return *store_; }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  PemdaId pemda_ = 0, other_ = 0;
};

using Backends = StoreBackends;
TYPED_TEST_SUITE(StorePolicyRules, Backends);

TYPED_TEST(StorePolicyRules, ANewRuleIsVersionOneAndDisabled) {
  auto saved = this->store().SavePolicyRule(this->pemda_, 0, Version("A", "{\"a\":1}", 100));

  ASSERT_TRUE(saved.has_value()) << saved.error().message;
  EXPECT_GT(saved->id, 0);
  EXPECT_FALSE(saved->enabled);
  EXPECT_EQ(saved->current.version, 1);
  EXPECT_EQ(saved->current.definition, "{\"a\":1}");
  EXPECT_EQ(saved->current.basis, "Perpres 76/2013");
  ASSERT_EQ(saved->audit.size(), 1U);
  EXPECT_EQ(saved->audit[0].action, "saved");
  EXPECT_EQ(saved->audit[0].actor, "user:admin");
}

TYPED_TEST(StorePolicyRules, EverySaveIsANewVersionAndDisablesTheRule) {
  auto first = *this->store().SavePolicyRule(this->pemda_, 0, Version("A", "{\"v\":1}", 100));
  ASSERT_TRUE(
      this->store().SetPolicyRuleEnabled(this->pemda_, first.id, true, "user:kepala", At(150)));

  auto second =
      this->store().SavePolicyRule(this->pemda_, first.id, Version("A2", "{\"v\":2}", 200));

  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_EQ(second->id, first.id);
  EXPECT_EQ(second->current.version, 2);
  EXPECT_EQ(second->current.name, "A2");
  EXPECT_FALSE(second->enabled);
  ASSERT_EQ(second->versions.size(), 2U);
  EXPECT_EQ(second->versions[0].version, 2);
  EXPECT_EQ(second->versions[1].definition, "{\"v\":1}");
  ASSERT_EQ(second->audit.size(), 4U);
  EXPECT_EQ(second->audit[0].action, "saved");
  EXPECT_EQ(second->audit[0].version, 2);
  EXPECT_EQ(second->audit[2].action, "enabled");
  EXPECT_EQ(second->audit[2].actor, "user:kepala");
  EXPECT_EQ(second->audit[2].at, At(150));
}

// Regression: a save turned an enabled rule off and the audit did not say
// so; it names who stopped which version, and when.
TYPED_TEST(StorePolicyRules, SavingAnEnabledRuleAuditsThatItWasDisabled) {
  auto first = *this->store().SavePolicyRule(this->pemda_, 0, Version("A", "{\"v\":1}", 100));
  ASSERT_TRUE(
      this->store().SetPolicyRuleEnabled(this->pemda_, first.id, true, "user:kepala", At(150)));
  auto second =
      *this->store().SavePolicyRule(this->pemda_, first.id, Version("A", "{\"v\":2}", 200));

  auto third = this->store().SavePolicyRule(this->pemda_, first.id, Version("A", "{\"v\":3}", 300));

  ASSERT_EQ(second.audit.size(), 4U);
  EXPECT_EQ(second.audit[1].action, "disabled");
  EXPECT_EQ(second.audit[1].version, 1);
  EXPECT_EQ(second.audit[1].actor, "user:admin");
  EXPECT_EQ(second.audit[1].at, At(200));
  ASSERT_TRUE(third.has_value()) << third.error().message;
  ASSERT_EQ(third->audit.size(), 5U);  // v2 was never enabled: only "saved"
  EXPECT_EQ(third->audit[0].action, "saved");
  EXPECT_EQ(third->audit[1].action, "saved");
}

// Regression: disabling a disabled rule wrote a "disabled" entry for what
// did not happen. Setting the state a rule has changes nothing.
TYPED_TEST(StorePolicyRules, SettingTheStateARuleHasIsNotAudited) {
  auto rule = *this->store().SavePolicyRule(this->pemda_, 0, Version("A", "{}", 100));

  auto off = this->store().SetPolicyRuleEnabled(this->pemda_, rule.id, false, "user:a", At(110));
  ASSERT_TRUE(this->store().SetPolicyRuleEnabled(this->pemda_, rule.id, true, "user:a", At(120)));
  auto on = this->store().SetPolicyRuleEnabled(this->pemda_, rule.id, true, "user:b", At(130));

  ASSERT_TRUE(off.has_value()) << off.error().message;
  EXPECT_FALSE(off->enabled);
  ASSERT_EQ(off->audit.size(), 1U);
  EXPECT_EQ(off->updated_at, At(100));
  ASSERT_TRUE(on.has_value()) << on.error().message;
  EXPECT_TRUE(on->enabled);
  ASSERT_EQ(on->audit.size(), 2U);
  EXPECT_EQ(on->audit[0].actor, "user:a");
  EXPECT_EQ(on->updated_at, At(120));
}

TYPED_TEST(StorePolicyRules, EnablingAndDisablingAreAuditedWithTheVersion) {
  auto rule = *this->store().SavePolicyRule(this->pemda_, 0, Version("A", "{}", 100));

  auto on = this->store().SetPolicyRuleEnabled(this->pemda_, rule.id, true, "user:a", At(110));
  auto off = this->store().SetPolicyRuleEnabled(this->pemda_, rule.id, false, "cli:root", At(120));

  ASSERT_TRUE(on.has_value()) << on.error().message;
  EXPECT_TRUE(on->enabled);
  ASSERT_TRUE(off.has_value()) << off.error().message;
  EXPECT_FALSE(off->enabled);
  ASSERT_EQ(off->audit.size(), 3U);
  EXPECT_EQ(off->audit[0].action, "disabled");
  EXPECT_EQ(off->audit[0].actor, "cli:root");
  EXPECT_EQ(off->audit[0].version, 1);
  EXPECT_EQ(off->updated_at, At(120));
}

TYPED_TEST(StorePolicyRules, ListHasTheNewestVersionByNameWithoutHistory) {
  auto b = *this->store().SavePolicyRule(this->pemda_, 0, Version("B", "{}", 100));
  ASSERT_TRUE(this->store().SavePolicyRule(this->pemda_, 0, Version("A", "{}", 100)));
  ASSERT_TRUE(this->store().SavePolicyRule(this->pemda_, b.id, Version("B", "{\"v\":2}", 200)));
  ASSERT_TRUE(this->store().SavePolicyRule(this->other_, 0, Version("C", "{}", 100)));

  auto list = this->store().ListPolicyRules(this->pemda_);

  ASSERT_TRUE(list.has_value()) << list.error().message;
  ASSERT_EQ(list->size(), 2U);
  EXPECT_EQ((*list)[0].current.name, "A");
  EXPECT_EQ((*list)[1].current.name, "B");
  EXPECT_EQ((*list)[1].current.version, 2);
  EXPECT_TRUE((*list)[1].versions.empty());
  EXPECT_TRUE((*list)[1].audit.empty());
}

TYPED_TEST(StorePolicyRules, ANameTakenByAnotherRuleIsAConflict) {
  auto a = *this->store().SavePolicyRule(this->pemda_, 0, Version("A", "{}", 100));
  ASSERT_TRUE(this->store().SavePolicyRule(this->pemda_, 0, Version("B", "{}", 100)));

  auto again = this->store().SavePolicyRule(this->pemda_, 0, Version("A", "{}", 200));
  auto renamed = this->store().SavePolicyRule(this->pemda_, a.id, Version("B", "{}", 200));
  auto elsewhere = this->store().SavePolicyRule(this->other_, 0, Version("A", "{}", 200));

  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  ASSERT_FALSE(renamed.has_value());
  EXPECT_EQ(renamed.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(elsewhere.has_value());
}

TYPED_TEST(StorePolicyRules, AnotherPemdasRuleIsNotFound) {
  auto a = *this->store().SavePolicyRule(this->pemda_, 0, Version("A", "{}", 100));

  auto found = this->store().FindPolicyRule(this->other_, a.id);
  auto saved = this->store().SavePolicyRule(this->other_, a.id, Version("A", "{}", 200));
  auto enabled = this->store().SetPolicyRuleEnabled(this->other_, a.id, true, "user:x", At(1));

  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().code, ErrorCode::kNotFound);
  ASSERT_FALSE(saved.has_value());
  EXPECT_EQ(saved.error().code, ErrorCode::kNotFound);
  ASSERT_FALSE(enabled.has_value());
  EXPECT_EQ(enabled.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(this->store().FindPolicyRule(this->pemda_, a.id)->enabled);
}

TYPED_TEST(StorePolicyRules, TheRunnersPlaceOnlyMovesForward) {
  Store& store = this->store();
  Submit(store, this->pemda_, 100);
  const int64_t first = NewestEventId(store, this->pemda_);
  Submit(store, this->pemda_, 110);
  const int64_t second = NewestEventId(store, this->pemda_);
  PolicyRunState state = *store.LoadPolicyRun(this->pemda_);
  state.last_event_id = second;
  ASSERT_TRUE(store.SavePolicyRun(this->pemda_, state));

  state.last_event_id = first;  // a pass that loaded the place before the last save
  ASSERT_TRUE(store.SavePolicyRun(this->pemda_, state));

  EXPECT_EQ(store.LoadPolicyRun(this->pemda_)->last_event_id, second);
}

TYPED_TEST(StorePolicyRules, TurningTheKillSwitchOffPassesOverWhatHappenedWhileItWasOn) {
  Store& store = this->store();
  Submit(store, this->pemda_, 100);
  PolicyRunState state = *store.LoadPolicyRun(this->pemda_);
  ASSERT_TRUE(store.SavePolicyRun(this->pemda_, state));
  const int64_t before = store.LoadPolicyRun(this->pemda_)->last_event_id;
  ASSERT_TRUE(store.SetPolicyKillSwitch(this->pemda_, true, "user:admin", At(120)));
  Submit(store, this->pemda_, 130);  // while on, before the runner's next pass
  Submit(store, this->other_, 135);  // another Pemda's event is not this runner's

  ASSERT_TRUE(store.SetPolicyKillSwitch(this->pemda_, false, "user:admin", At(140)));

  auto resumed = store.LoadPolicyRun(this->pemda_);
  ASSERT_TRUE(resumed.has_value()) << resumed.error().message;
  EXPECT_FALSE(resumed->killed);
  EXPECT_GT(resumed->last_event_id, before);
  EXPECT_EQ(resumed->last_event_id, NewestEventId(store, this->pemda_));
  EXPECT_TRUE(store.ListEventsAfter(this->pemda_, resumed->last_event_id, 10)->empty());
}

}  // namespace
}  // namespace sigap::store
