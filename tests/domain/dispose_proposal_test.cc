// Routing by place (issue 5) in the lifecycle: disposing against the
// routing proposal needs a reason, and the disposed event records both;
// supporters are told what the reporter is told.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "domain/lifecycle.h"

namespace sigap::domain {
namespace {

class DisposeProposal : public ::testing::Test {
 protected:
  DisposeProposal() {
    auto cal = WorkingCalendar::Create({}, {std::chrono::year{2026}});
    EXPECT_TRUE(cal.has_value());
    ctx_.calendar = std::make_shared<const WorkingCalendar>(std::move(*cal));
    ctx_.targets = ctx_.policy.For(CaseKind::kComplaint, 0);
    c_.id = 7;
    c_.pemda_id = 1;
    c_.tracking_code = "ABCDEFGHJK";
    c_.status = CaseStatus::kVerified;
    c_.created_at = *ParseRfc3339("2026-03-02T09:00:00+07:00");
    c_.placement.proposed_agency = "KEC-3374010";
    Principal p;
    p.name = "vera";
    p.role = Role::kVerifier;
    r_.action = Action::kDispose;
    r_.actor = Actor::Officer(p);
    r_.at = *ParseRfc3339("2026-03-03T09:00:00+07:00");
  }

  const Payload& DisposedPayload(const std::vector<CaseChange>& changes) {
    return changes.front().events.front().payload;
  }
  static const PayloadValue* Find(const Payload& p, const std::string& key) {
    for (const auto& kv : p) {
      if (kv.first == key) return &kv.second;
    }
    return nullptr;
  }

  DecisionContext ctx_;
  Case c_;
  ActionRequest r_;
};

TEST_F(DisposeProposal, AnotherAgencyWithoutReasonIsRefusedNamingOverrideReason) {
  r_.agency_code = "DLH";

  auto decided = Decide(c_, r_, ctx_);

  ASSERT_FALSE(decided.has_value());
  const auto& fields = decided.error().fields;
  EXPECT_TRUE(std::any_of(fields.begin(), fields.end(), [](const FieldError& f) {
    return f.field == "override_reason" && f.code == "required";
  }));
}

TEST_F(DisposeProposal, OverrideRecordsProposalAndReason) {
  r_.agency_code = "DLH";
  r_.override_reason = "Sampah pasar kota";

  auto decided = Decide(c_, r_, ctx_);

  ASSERT_TRUE(decided.has_value()) << decided.error().message;
  const Payload& p = DisposedPayload(*decided);
  ASSERT_NE(Find(p, "proposal"), nullptr);
  EXPECT_EQ(std::get<std::string>(*Find(p, "proposal")), "KEC-3374010");
  EXPECT_EQ(std::get<std::string>(*Find(p, "override_reason")), "Sampah pasar kota");
}

TEST_F(DisposeProposal, ConfirmingNeedsNoReasonAndRecordsTheProposal) {
  r_.agency_code = "KEC-3374010";

  auto decided = Decide(c_, r_, ctx_);

  ASSERT_TRUE(decided.has_value());
  const Payload& p = DisposedPayload(*decided);
  EXPECT_NE(Find(p, "proposal"), nullptr);
  EXPECT_EQ(Find(p, "override_reason"), nullptr);
}

TEST_F(DisposeProposal, WithoutProposalNothingChanges) {
  c_.placement.proposed_agency.clear();
  r_.agency_code = "DLH";

  auto decided = Decide(c_, r_, ctx_);

  ASSERT_TRUE(decided.has_value());
  EXPECT_EQ(Find(DisposedPayload(*decided), "proposal"), nullptr);
}

// Routing by text (issue 8): the classifier's proposal, when no rule made
// one, is confirmed or overridden the same way.
TEST_F(DisposeProposal, OverridingTheTextSuggestionNeedsAReasonAndRecordsIt) {
  c_.placement.proposed_agency.clear();
  r_.text_suggestion = "DPU";
  r_.text_model = "abc123";
  r_.agency_code = "DISHUB";

  auto refused = Decide(c_, r_, ctx_);
  r_.override_reason = "Rambu lalu lintas, bukan jalan";
  auto decided = Decide(c_, r_, ctx_);

  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().fields.front().field, "override_reason");
  ASSERT_TRUE(decided.has_value()) << decided.error().message;
  const Payload& p = DisposedPayload(*decided);
  EXPECT_EQ(std::get<std::string>(*Find(p, "text_suggestion")), "DPU");
  EXPECT_EQ(std::get<std::string>(*Find(p, "text_model")), "abc123");
  EXPECT_EQ(std::get<std::string>(*Find(p, "override_reason")), "Rambu lalu lintas, bukan jalan");
}

TEST_F(DisposeProposal, ConfirmingTheTextSuggestionNeedsNoReason) {
  c_.placement.proposed_agency.clear();
  r_.text_suggestion = "DPU";
  r_.text_model = "abc123";
  r_.agency_code = "DPU";

  auto decided = Decide(c_, r_, ctx_);

  ASSERT_TRUE(decided.has_value()) << decided.error().message;
  EXPECT_EQ(std::get<std::string>(*Find(DisposedPayload(*decided), "text_suggestion")), "DPU");
  EXPECT_EQ(Find(DisposedPayload(*decided), "override_reason"), nullptr);
}

TEST_F(DisposeProposal, TheRulesProposalWinsOverTheTextSuggestion) {
  r_.text_suggestion = "DPU";
  r_.agency_code = "KEC-3374010";

  auto decided = Decide(c_, r_, ctx_);

  ASSERT_TRUE(decided.has_value()) << decided.error().message;
  EXPECT_EQ(Find(DisposedPayload(*decided), "override_reason"), nullptr);
}

TEST_F(DisposeProposal, SupportersAreToldWhatTheReporterIsTold) {
  r_.agency_code = "KEC-3374010";
  c_.supporters = 2;

  auto decided = Decide(c_, r_, ctx_);

  ASSERT_TRUE(decided.has_value());
  int reporter = 0, supporters = 0;
  for (const auto& n : decided->front().notices) {
    reporter += n.audience == "reporter";
    supporters += n.audience == "supporters";
  }
  EXPECT_EQ(reporter, 1);
  EXPECT_EQ(supporters, 1);
}

}  // namespace
}  // namespace sigap::domain
