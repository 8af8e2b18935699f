// Issue 10: the policy-rule engine core — rules read from JSON and TOML
// with errors naming the field, the limits of regulation (Perpres 76/2013,
// citizens' rights), scope and conditions, loop prevention, the rate limit,
// the kill switch and the dry run.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapt/policy_engine.h"
#include "adapt/policy_rule.h"

namespace sigap::adapt {
namespace {

using namespace std::chrono;

std::vector<std::string> Fields(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) out.push_back(f.field);
  return out;
}

std::string Code(const Error& e, const std::string& field) {
  for (const auto& f : e.fields) {
    if (f.field == field) return f.code;
  }
  return "";
}

constexpr const char* kVulnerableJson = R"({
  "name": "Prioritas kelompok rentan",
  "basis": "UU 25/2009 pasal 29",
  "trigger": {"event": "submitted"},
  "conditions": [{"field": "vulnerable", "op": "eq", "value": true}],
  "actions": [{"type": "raise_priority", "level": "urgent"}]
})";

constexpr const char* kVulnerableToml = R"(
name = "Prioritas kelompok rentan"
basis = "UU 25/2009 pasal 29"
[trigger]
event = "submitted"
[[conditions]]
field = "vulnerable"
op = "eq"
value = true
[[actions]]
type = "raise_priority"
level = "urgent"
)";

TEST(PolicyRule, JsonAndTomlReadTheSameRule) {
  auto json = ParsePolicyRule(kVulnerableJson, "json");
  auto toml = ParsePolicyRule(kVulnerableToml, "toml");

  ASSERT_TRUE(json.has_value()) << json.error().message;
  ASSERT_TRUE(toml.has_value()) << toml.error().message;
  for (const auto* r : {&*json, &*toml}) {
    EXPECT_EQ(r->name, "Prioritas kelompok rentan");
    EXPECT_EQ(r->trigger, TriggerKind::kCaseEvent);
    EXPECT_EQ(r->trigger_value, "submitted");
    ASSERT_EQ(r->conditions.size(), 1u);
    EXPECT_EQ(r->conditions[0].field, PolicyField::kVulnerable);
    ASSERT_EQ(r->actions.size(), 1u);
    EXPECT_EQ(r->actions[0].kind, ActionKind::kRaisePriority);
    EXPECT_EQ(r->actions[0].level, "urgent");
  }
}

TEST(PolicyRule, ARuleWithoutBasisIsRefusedNamingTheField) {
  auto rule = ParsePolicyRule(R"({"name": "x", "basis": "  ", "trigger": {"event": "submitted"},
    "actions": [{"type": "notify", "to": "verifiers"}]})",
                              "json");

  ASSERT_FALSE(rule.has_value());
  EXPECT_EQ(rule.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Fields(rule.error()), std::vector<std::string>{"basis"});
  EXPECT_EQ(Code(rule.error(), "basis"), "required");
}

TEST(PolicyRule, EveryBadFieldIsNamed) {
  auto rule = ParsePolicyRule(R"({"name": "", "basis": "Perbup 1/2026",
    "trigger": {"deadline": "late"},
    "conditions": [{"field": "colour", "value": "red"}, {"field": "status", "op": "gt", "value": 1}],
    "actions": [{"type": "teleport"}, {"type": "escalate", "to": "everyone"},
                {"type": "adjust_deadline", "stage": "resolution", "days": "five"}],
    "rate_limit_per_hour": 0})",
                              "json");

  ASSERT_FALSE(rule.has_value());
  EXPECT_EQ(Fields(rule.error()),
            (std::vector<std::string>{"conditions[0].field", "actions[0].type", "actions[2].days",
                                      "name", "trigger.deadline", "rate_limit_per_hour",
                                      "conditions[1].op", "actions[1].to"}));
  EXPECT_EQ(Code(rule.error(), "actions[2].days"), "invalid_type");
}

// A misspelt member is named, not dropped: "condition" for "conditions"
// would otherwise leave a rule that acts on every case.
TEST(PolicyRule, AMisspeltMemberIsNamedNotDropped) {
  auto rule = ParsePolicyRule(R"({"name": "Typo", "basis": "Keputusan Wali Kota 1/2026",
    "trigger": {"event": "submitted"}, "colour": "red",
    "condition": [{"field": "service", "op": "eq", "value": "PU-JALAN"}],
    "scope": {"servis": "PU-JALAN"},
    "actions": [{"type": "raise_priority", "level": "high", "dayz": 3},
                {"type": "notify", "to": "verifiers", "agency": "DPU"}]})",
                              "json");

  ASSERT_FALSE(rule.has_value());
  EXPECT_EQ(Fields(rule.error()),
            (std::vector<std::string>{"colour", "condition", "scope.servis", "actions[0].dayz",
                                      "actions[1].agency"}));
  EXPECT_EQ(Code(rule.error(), "condition"), "unknown_field");
}

// Every act copies the basis into the case and its messages; the same
// action twice would act twice.
TEST(PolicyRule, ALongBasisAndARepeatedActionAreRefused) {
  const std::string basis(kMaxBasisBytes + 1, 'B');
  auto rule = ParsePolicyRule(R"({"name": "Besar", "basis": ")" + basis + R"(",
    "trigger": {"event": "submitted"},
    "actions": [{"type": "notify", "to": "verifiers"}, {"type": "notify", "to": "verifiers"}]})",
                              "json");

  ASSERT_FALSE(rule.has_value());
  EXPECT_EQ(Code(rule.error(), "basis"), "too_long");
  EXPECT_EQ(Code(rule.error(), "actions[1]"), "duplicate");
}

TEST(PolicyRule, ATomlSyntaxErrorNamesTheLine) {
  auto rule = ParsePolicyRule("name = \"x\"\nbasis = \"y\"\n[trigger\n", "toml");

  ASSERT_FALSE(rule.has_value());
  EXPECT_NE(rule.error().message.find("line 3"), std::string::npos) << rule.error().message;
}

// Perpres 76/2013: 60 days at most for a complaint. The Pemda's stages take
// 3 + 5 + 14 = 22 days, so an extension of 39 days could reach 61.
TEST(PolicyRule, AnExtensionThatCouldPassSixtyDaysIsRefused) {
  const char* rule = R"({"name": "Perpanjangan", "basis": "SE Sekda 1/2026",
    "trigger": {"deadline": "due_soon"},
    "actions": [{"type": "adjust_deadline", "stage": "resolution", "days": %d}]%s})";
  auto text = [&](int days, const char* extra) {
    char buf[512];
    std::snprintf(buf, sizeof buf, rule, days, extra);
    return std::string(buf);
  };

  auto too_far = ParsePolicyRule(text(39, ""), "json");
  auto within = ParsePolicyRule(text(38, ""), "json");
  auto requests = ParsePolicyRule(text(39, R"(, "scope": {"kind": "request"})"), "json");

  ASSERT_FALSE(too_far.has_value());
  EXPECT_EQ(Code(too_far.error(), "actions[0].days"), "exceeds_regulation");
  EXPECT_TRUE(within.has_value());
  EXPECT_TRUE(requests.has_value());  // not a complaint: Perpres 76/2013 does not bind it
}

// Regression: each extension was checked alone, so two of 25 days on the
// resolution passed although 22 + 25 + 25 = 72 days. Every extension of a
// stage that counts towards the complaint's 60 days adds to one total.
TEST(PolicyRule, ExtensionsOfOneRuleAreSummedAgainstSixtyDays) {
  auto twice = ParsePolicyRule(R"({"name": "Perpanjangan ganda", "basis": "SE Sekda 1/2026",
    "trigger": {"deadline": "due_soon"},
    "actions": [{"type": "adjust_deadline", "stage": "resolution", "days": 25, "note": "satu"},
                {"type": "adjust_deadline", "stage": "resolution", "days": 25, "note": "dua"}]})",
                               "json");
  auto stages = ParsePolicyRule(R"({"name": "Perpanjangan bertahap", "basis": "SE Sekda 1/2026",
    "trigger": {"deadline": "due_soon"},
    "actions": [{"type": "adjust_deadline", "stage": "verification", "days": 20},
                {"type": "notify", "to": "agency_head"},
                {"type": "adjust_deadline", "stage": "resolution", "days": 20}]})",
                                "json");
  auto within = ParsePolicyRule(R"({"name": "Perpanjangan wajar", "basis": "SE Sekda 1/2026",
    "trigger": {"deadline": "due_soon"},
    "actions": [{"type": "adjust_deadline", "stage": "resolution", "days": 19},
                {"type": "adjust_deadline", "stage": "follow_up", "days": 19}]})",
                                "json");

  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(Fields(twice.error()), std::vector<std::string>{"actions[1].days"});
  EXPECT_EQ(Code(twice.error(), "actions[1].days"), "exceeds_regulation");
  EXPECT_NE(twice.error().fields[0].message.find("22 days already + 25 + 25 = 72"),
            std::string::npos)
      << twice.error().fields[0].message;
  ASSERT_FALSE(stages.has_value());
  EXPECT_EQ(Code(stages.error(), "actions[2].days"), "exceeds_regulation");
  EXPECT_TRUE(within.has_value()) << within.error().message;  // 22 + 19 + 19 = 60
}

// Regression: triggers and operands no event or case ever has were saved,
// and the rule could never fire.
TEST(PolicyRule, NamesNoEventOrCaseHasAreRefused) {
  auto typo = ParsePolicyRule(R"({"name": "x", "basis": "y", "trigger": {"event": "submited"},
    "actions": [{"type": "notify", "to": "verifiers"}]})",
                              "json");
  auto alert = ParsePolicyRule(R"({"name": "x", "basis": "y", "trigger": {"alert": "zzz"},
    "actions": [{"type": "notify", "to": "verifiers"}]})",
                               "json");
  auto operands = ParsePolicyRule(R"({"name": "x", "basis": "y", "trigger": {"event": "submitted"},
    "conditions": [{"field": "status", "op": "eq", "value": "recieved"},
                   {"field": "escalation_level", "op": "lt", "value": "abc"},
                   {"field": "channel", "op": "in", "values": ["web", "fax"]},
                   {"field": "service", "op": "eq", "value": "anything"},
                   {"field": "vulnerable", "op": "eq", "value": true}],
    "actions": [{"type": "notify", "to": "verifiers"}]})",
                                  "json");
  auto known = ParsePolicyRule(R"({"name": "x", "basis": "y", "trigger": {"alert": "local_cluster"},
    "conditions": [{"field": "alert_kind", "op": "eq", "value": "cluster"},
                   {"field": "text", "op": "contains", "value": "banjir"}],
    "actions": [{"type": "notify", "to": "verifiers"}]})",
                               "json");
  // What an alert never has, or a case never has, is no condition at all.
  auto unmet = ParsePolicyRule(R"({"name": "x", "basis": "y", "trigger": {"alert": "topic"},
    "conditions": [{"field": "deadline_state", "op": "ne", "value": "overdue"},
                   {"field": "status", "op": "eq", "value": "received"}],
    "actions": [{"type": "notify", "to": "verifiers"}]})",
                               "json");
  auto not_alert = ParsePolicyRule(R"({"name": "x", "basis": "y", "trigger": {"event": "submitted"},
    "conditions": [{"field": "alert_score", "op": "gt", "value": 3}],
    "actions": [{"type": "notify", "to": "verifiers"}]})",
                                   "json");

  ASSERT_FALSE(typo.has_value());
  EXPECT_EQ(Fields(typo.error()), std::vector<std::string>{"trigger.event"});
  EXPECT_EQ(Code(typo.error(), "trigger.event"), "invalid_value");
  ASSERT_FALSE(alert.has_value());
  EXPECT_EQ(Fields(alert.error()), std::vector<std::string>{"trigger.alert"});
  ASSERT_FALSE(operands.has_value());
  EXPECT_EQ(Fields(operands.error()),
            (std::vector<std::string>{"conditions[0].value", "conditions[1].value",
                                      "conditions[2].values[1]"}));
  EXPECT_TRUE(known.has_value()) << known.error().message;
  ASSERT_FALSE(unmet.has_value());
  EXPECT_EQ(Fields(unmet.error()),
            (std::vector<std::string>{"conditions[0].field", "conditions[1].field"}));
  ASSERT_FALSE(not_alert.has_value());
  EXPECT_EQ(Fields(not_alert.error()), std::vector<std::string>{"conditions[0].field"});
}

// Regression: a rule with 20,000 actions was saved.
TEST(PolicyRule, AtMostFiftyActionsAndFiftyConditions) {
  std::string actions, conditions;
  for (int i = 0; i < 20000; ++i) {
    actions += std::string(i ? "," : "") + R"({"type": "notify", "to": "verifiers"})";
  }
  for (int i = 0; i < 51; ++i) {
    conditions += std::string(i ? "," : "") + R"({"field": "kind", "value": "complaint"})";
  }
  std::string fifty;
  for (int i = 0; i < 50; ++i) {
    fifty += std::string(i ? "," : "") + R"({"type": "notify", "to": "user:petugas)" +
             std::to_string(i) + R"("})";
  }
  const std::string head = R"({"name": "x", "basis": "y", "trigger": {"event": "submitted"},)";

  auto many = ParsePolicyRule(head + R"("actions": [)" + actions + "]}", "json");
  auto wide = ParsePolicyRule(head + R"("conditions": [)" + conditions +
                                  R"(], "actions": [{"type": "notify", "to": "verifiers"}]})",
                              "json");
  auto enough = ParsePolicyRule(head + R"("actions": [)" + fifty + "]}", "json");

  ASSERT_FALSE(many.has_value());
  EXPECT_EQ(Fields(many.error()), std::vector<std::string>{"actions"});
  EXPECT_EQ(Code(many.error(), "actions"), "too_many");
  EXPECT_EQ(many.error().fields[0].message, "at most 50 actions");
  ASSERT_FALSE(wide.has_value());
  EXPECT_EQ(Fields(wide.error()), std::vector<std::string>{"conditions"});
  EXPECT_TRUE(enough.has_value());
}

TEST(PolicyRule, ShorteningTheCitizensTimeToObjectIsRefused) {
  auto rule = ParsePolicyRule(R"({"name": "Tutup cepat", "basis": "Perbup 2/2026",
    "trigger": {"event": "resolved"},
    "actions": [{"type": "adjust_deadline", "stage": "reopen_window", "days": -5}]})",
                              "json");

  ASSERT_FALSE(rule.has_value());
  EXPECT_EQ(Code(rule.error(), "actions[0].days"), "shortens_citizen_rights");
}

TEST(PolicyRule, TheStarterSetIsValid) {
  const auto dir = std::filesystem::path(SIGAP_SOURCE_DIR) / "data" / "policy";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    auto rule = ParsePolicyRule(text.str(), "toml");
    EXPECT_TRUE(rule.has_value()) << entry.path() << ": " << rule.error().message;
    if (rule) {
      EXPECT_FALSE(rule->basis.empty());
    }
    ++files;
  }
  EXPECT_EQ(files, 4);
}

TEST(PolicyRule, TheCanonicalJsonReadsBackAsTheSameRule) {
  const auto dir = std::filesystem::path(SIGAP_SOURCE_DIR) / "data" / "policy";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    auto rule = ParsePolicyRule(text.str(), "toml");
    ASSERT_TRUE(rule.has_value()) << entry.path();

    const std::string saved = PolicyRuleToJson(*rule);
    auto again = ParsePolicyRule(saved, "json");

    ASSERT_TRUE(again.has_value()) << entry.path() << ": " << again.error().message;
    EXPECT_EQ(PolicyRuleToJson(*again), saved) << entry.path();
    EXPECT_EQ(again->conditions.size(), rule->conditions.size());
    EXPECT_EQ(again->actions.size(), rule->actions.size());
    EXPECT_EQ(again->max_per_hour, rule->max_per_hour);
  }
}

PolicyRule Rule(int64_t id, const char* json) {
  auto rule = ParsePolicyRule(json, "json");
  EXPECT_TRUE(rule.has_value()) << rule.error().message;
  PolicyRule r = rule.value_or(PolicyRule{});
  r.id = id;
  return r;
}

PolicyEvent Submitted(int64_t case_id, bool vulnerable, Timestamp at = Timestamp{}) {
  PolicyEvent e;
  e.trigger = TriggerKind::kCaseEvent;
  e.value = "submitted";
  e.at = at;
  e.facts.case_id = case_id;
  e.facts.kind = "complaint";
  e.facts.vulnerable = vulnerable;
  e.facts.region = "33.74.01.1001";
  return e;
}

TEST(PolicyEngine, FiresOnlyWhenScopeAndConditionsHold) {
  auto rule = Rule(7, kVulnerableJson);
  rule.scope.region = "33.74.01";
  PolicyEngine engine({rule});
  std::vector<PolicyDecision> out;

  engine.Evaluate(Submitted(1, true), out);
  engine.Evaluate(Submitted(2, false), out);
  auto elsewhere = Submitted(3, true);
  elsewhere.facts.region = "33.74.010.1001";  // another code with the same first characters
  engine.Evaluate(elsewhere, out);

  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].case_id, 1);
  EXPECT_EQ(out[0].rule_id, 7);
  EXPECT_EQ(out[0].actions[0].action.kind, ActionKind::kRaisePriority);
  EXPECT_EQ(AutomaticNote(rule),
            "otomatis: aturan Prioritas kelompok rentan v1, dasar: UU 25/2009 pasal 29");
}

// A rule that escalates on "escalated" would escalate for ever: the event
// its own action leaves carries it in its chain, so it does not fire again.
TEST(PolicyEngine, ARuleCannotTriggerItselfOnTheSameCase) {
  const auto rule = Rule(3, R"({"name": "Eskalasi berantai", "basis": "Perbup 3/2026",
    "trigger": {"event": "escalated"},
    "actions": [{"type": "escalate", "to": "inspectorate"}]})");
  PolicyEvent first;
  first.value = "escalated";
  first.facts.case_id = 9;

  const auto report = DryRun({rule}, {first});

  EXPECT_EQ(report.decisions, 1);
  EXPECT_EQ(report.counters.loops_prevented, 1);
  EXPECT_EQ(report.by_action.at("escalate"), 1);
}

// Regression: a dry run of a rule on alerts said "cases": 0 while its
// by_action listed what it did to the alerts' cases. It counts the cases
// the live runner acts on: each of an alert's for what changes a case, the
// first alone for a notification, none for a proposal.
TEST(PolicyEngine, ADryRunCountsTheCasesARuleOnAlertsActsOn) {
  const auto raise = Rule(5, R"({"name": "Banjir", "basis": "Perwal 1/2026",
    "trigger": {"alert": "cluster"},
    "actions": [{"type": "raise_priority", "level": "high"},
                {"type": "propose_capacity", "agency": "DPU", "officers": 2}]})");
  const auto notify = Rule(6, R"({"name": "Kabari", "basis": "Perwal 1/2026",
    "trigger": {"alert": "cluster"}, "actions": [{"type": "notify", "to": "agency_head"}]})");
  const auto propose = Rule(7, R"({"name": "Usul", "basis": "Perwal 1/2026",
    "trigger": {"alert": "cluster"},
    "actions": [{"type": "propose_capacity", "agency": "DPU", "officers": 2}]})");
  PolicyEvent first, second;
  first.trigger = second.trigger = TriggerKind::kAlert;
  first.value = second.value = "cluster";
  first.facts.alert_kind = second.facts.alert_kind = "cluster";
  first.cases = {11, 12, 13};
  second.cases = {13, 14};
  second.at = first.at + hours(1);

  const auto raised = DryRun({raise}, {first, second});
  const auto told = DryRun({notify}, {first, second});
  const auto proposed = DryRun({propose}, {first, second});

  EXPECT_EQ(raised.decisions, 2);
  EXPECT_EQ(raised.cases, 4);  // 11, 12, 13 and 14
  EXPECT_EQ(told.cases, 2);    // 11 and 13, each alert's first
  EXPECT_EQ(proposed.cases, 0);
}

// Two rules feeding each other stop too: each sees the other in the chain
// only after itself, so each fires once.
TEST(PolicyEngine, TwoRulesCannotFeedEachOtherForEver) {
  const auto a = Rule(1, R"({"name": "A", "basis": "x", "trigger": {"event": "priority_raised"},
    "actions": [{"type": "escalate", "to": "agency_head"}]})");
  const auto b = Rule(2, R"({"name": "B", "basis": "x", "trigger": {"event": "escalated"},
    "actions": [{"type": "raise_priority", "level": "high"}]})");
  PolicyEvent e;
  e.value = "escalated";
  e.facts.case_id = 4;

  const auto report = DryRun({a, b}, {e});

  EXPECT_EQ(report.decisions, 2);  // B, then A on B's event; B again is refused
  EXPECT_EQ(report.counters.loops_prevented, 1);
}

TEST(PolicyEngine, ARuleActsAtMostItsRateLimitPerHour) {
  auto rule = Rule(5, kVulnerableJson);
  rule.max_per_hour = 2;
  PolicyEngine engine({rule});
  std::vector<PolicyDecision> out;
  const Timestamp t0 = Timestamp(hours(1000));

  for (int i = 0; i < 5; ++i) engine.Evaluate(Submitted(i + 1, true, t0 + minutes(10 * i)), out);
  engine.Evaluate(Submitted(6, true, t0 + minutes(61)), out);  // the first firing is an hour old

  EXPECT_EQ(out.size(), 3u);
  EXPECT_EQ(engine.counters().rate_limited, 3);
  EXPECT_EQ(out.back().case_id, 6);
}

TEST(PolicyEngine, TheKillSwitchStopsEveryRule) {
  PolicyEngine engine({Rule(1, kVulnerableJson)});
  std::vector<PolicyDecision> out;

  engine.set_kill_switch(true);
  engine.Evaluate(Submitted(1, true), out);
  engine.set_kill_switch(false);
  engine.Evaluate(Submitted(2, true), out);

  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].case_id, 2);
  EXPECT_EQ(engine.counters().killed, 1);
}

TEST(PolicyEngine, DisabledRulesDoNothing) {
  auto rule = Rule(1, kVulnerableJson);
  rule.enabled = false;
  PolicyEngine engine({rule});
  std::vector<PolicyDecision> out;

  engine.Evaluate(Submitted(1, true), out);

  EXPECT_TRUE(out.empty());
}

// A complaint already given 55 days (its stages plus earlier extensions):
// a 10-day extension would take it to 65, past Perpres 76/2013.
TEST(PolicyEngine, AnExtensionPastSixtyDaysIsRefusedForThatCase) {
  const auto rule = Rule(8, R"({"name": "Perpanjangan", "basis": "SE Sekda 1/2026",
    "trigger": {"deadline": "due_soon"},
    "actions": [{"type": "adjust_deadline", "stage": "resolution", "days": 10}]})");
  PolicyEngine engine({rule});
  std::vector<PolicyDecision> out;
  PolicyEvent e;
  e.trigger = TriggerKind::kDeadline;
  e.value = "due_soon";
  e.facts.case_id = 1;
  e.facts.kind = "complaint";
  e.facts.complaint_days = 55;

  engine.Evaluate(e, out);
  e.facts.case_id = 2;
  e.facts.complaint_days = 22;
  engine.Evaluate(e, out);

  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].actions[0].refused);
  EXPECT_EQ(out[0].actions[0].reason, "exceeds_regulation");
  EXPECT_FALSE(out[1].actions[0].refused);
  EXPECT_EQ(engine.counters().refused_actions, 1);
}

// Regression: each extension of a decision was checked alone against the
// case's days, so a rule of two 20-day extensions took a 22-day complaint to
// 62 days. The second is refused.
TEST(PolicyEngine, ARulesExtensionsOnOneCaseAreSummed) {
  auto rule = Rule(9, R"({"name": "Perpanjangan", "basis": "SE Sekda 1/2026",
    "trigger": {"deadline": "due_soon"}, "scope": {"kind": "request"},
    "actions": [{"type": "adjust_deadline", "stage": "resolution", "days": 20}]})");
  rule.scope.kind.clear();  // valid for requests only; here it meets a complaint
  rule.actions.push_back(rule.actions[0]);
  PolicyEngine engine({rule});
  std::vector<PolicyDecision> out;
  PolicyEvent e;
  e.trigger = TriggerKind::kDeadline;
  e.value = "due_soon";
  e.facts.case_id = 1;
  e.facts.kind = "complaint";
  e.facts.complaint_days = 22;

  engine.Evaluate(e, out);

  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(out[0].actions.size(), 2u);
  EXPECT_FALSE(out[0].actions[0].refused);
  EXPECT_TRUE(out[0].actions[1].refused);
  EXPECT_EQ(out[0].actions[1].reason, "exceeds_regulation");
}

// The dry run reports what the rules would do and agrees with a live engine
// fed the same events (the follow-up events included).
TEST(PolicyEngine, DryRunAgreesWithTheLiveEngine) {
  const std::vector<PolicyRule> rules = {
      Rule(1, kVulnerableJson), Rule(2, R"({"name": "Perpanjangan", "basis": "SE Sekda 1/2026",
        "trigger": {"event": "priority_raised"},
        "actions": [{"type": "adjust_deadline", "stage": "resolution", "days": 5},
                    {"type": "notify", "to": "agency_head"}]})")};
  std::vector<PolicyEvent> history;
  for (int i = 0; i < 100; ++i)
    history.push_back(Submitted(i + 1, i % 4 == 0, Timestamp(minutes(i))));

  const auto report = DryRun(rules, history);
  PolicyEngine live(rules);
  int64_t fired = 0, deadlines = 0;
  for (const auto& e : history) {
    std::vector<PolicyEvent> pending{e};
    for (size_t k = 0; k < pending.size(); ++k) {
      std::vector<PolicyDecision> out;
      live.Evaluate(pending[k], out);
      for (const auto& d : out) {
        ++fired;
        for (const auto& a : d.actions) {
          if (a.action.kind == ActionKind::kAdjustDeadline && !a.refused) ++deadlines;
          if (auto next = FollowUpEvent(pending[k], d, a)) pending.push_back(*next);
        }
      }
    }
  }

  EXPECT_EQ(report.events, 100);
  EXPECT_EQ(report.cases, 25);
  EXPECT_EQ(report.decisions, 50);  // 25 raised priorities, each extended once
  EXPECT_EQ(report.by_action.at("raise_priority"), 25);
  EXPECT_EQ(report.by_action.at("adjust_deadline"), 25);
  EXPECT_EQ(report.by_action.at("notify"), 25);
  EXPECT_EQ(report.deadline_changes_total, 25);
  ASSERT_FALSE(report.deadline_changes.empty());
  EXPECT_EQ(report.deadline_changes[0].case_id, 1);
  EXPECT_EQ(report.deadline_changes[0].days, 5);
  EXPECT_EQ(fired, report.decisions);
  EXPECT_EQ(deadlines, report.deadline_changes_total);
}

}  // namespace
}  // namespace sigap::adapt
