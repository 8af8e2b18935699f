// What a rule set off by an alert reads of it (app::AlertPolicyEvents).
#include "app/policy_history.h"

#include <gtest/gtest.h>

#include "adapt/policy_engine.h"
#include "adapt/policy_rule.h"

namespace sigap::app {
namespace {

// A rule on topic alerts that speak of unpaid aid reads the alert's words
// (its sentence and top terms): an explorer's "text contains blt" had made
// no decision although three such alerts were raised.
TEST(AlertPolicyEvents, ARuleOnAnAlertsWordsReadsItsSentenceAndTopTerms) {
  auto rule = adapt::ParsePolicyRule(
      R"({"name": "Bansos", "basis": "Permensos 1/2019", "trigger": {"alert": "topic"},
          "conditions": [{"field": "text", "op": "contains", "value": "BLT"}],
          "actions": [{"type": "notify", "to": "verifiers"}]})",
      "json");
  ASSERT_TRUE(rule.has_value()) << rule.error().message;
  rule->id = 1;
  rule->enabled = true;
  adapt::PolicyEngine engine({*rule});

  store::StoredAlert aid;
  aid.id = 4;
  aid.evidence.detector = "emerging_topic";
  aid.evidence.top_terms = {"blt", "tidak cair"};
  aid.evidence.sentence = "Topik baru: \"blt, tidak cair\" disebut dalam 12 laporan.";
  store::StoredAlert flood = aid;
  flood.id = 5;
  flood.evidence.top_terms = {"banjir", "pompa"};
  flood.evidence.sentence = "Topik baru: \"banjir, pompa\" disebut dalam 20 laporan.";

  std::vector<adapt::PolicyDecision> aid_decisions, flood_decisions;
  for (const auto& e : AlertPolicyEvents(aid, Timestamp{})) engine.Evaluate(e, aid_decisions);
  for (const auto& e : AlertPolicyEvents(flood, Timestamp{})) engine.Evaluate(e, flood_decisions);

  EXPECT_EQ(aid_decisions.size(), 1u);
  EXPECT_TRUE(flood_decisions.empty());
}

}  // namespace
}  // namespace sigap::app
