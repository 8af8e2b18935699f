// Issue 10: enabled policy rules act live in `sigap serve`, over real HTTP
// and the real executable. Every action type leaves its event on the case,
// by "system", with the rule's id, version and the words the timeline
// shows ("otomatis: aturan X vN, dasar: ..."); rules cannot loop; a rate
// limit per rule; a global kill switch, audited; temporary services open and
// close; capacity is proposed, never applied; and a dry run over the same
// events counts what the live rule then did.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <thread>

#include "integration/lifecycle_server.h"

namespace sigap::integration {
namespace {

using nlohmann::json;

class RulesLive : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ =
        new LifecycleServer({{"admin.live", "admin", ""}}, {{"SIGAP_RULES_INTERVAL_SECONDS", "1"}});
    auto started = server_->Start();
    ASSERT_TRUE(started) << started.message();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void TearDown() override {
    for (const int64_t id : enabled_) {
      S().Call("POST", "/api/v1/rules/" + std::to_string(id) + "/disable", Admin());
    }
    enabled_.clear();
  }
  static LifecycleServer& S() { return *server_; }
  static http::Headers Admin() { return S().Officer("admin.live"); }

  static json Parse(const test_support::HttpResponse& r) {
    json j = json::parse(r.body, nullptr, false);
    return j.is_discarded() ? json::object() : j;
  }

  // A rule on `trigger` for complaints whose text holds `marker`.
  static json Rule(const std::string& name, const std::string& marker, const json& trigger,
                   const json& actions) {
    json rule{{"name", name},
              {"basis", "Perpres 76/2013 tentang Pengelolaan Pengaduan Pelayanan Publik"},
              {"rate_limit_per_hour", 1000},
              {"trigger", trigger},
              {"actions", actions}};
    if (!marker.empty()) {
      rule["conditions"] =
          json::array({{{"field", "text"}, {"op", "contains"}, {"value", marker}}});
    }
    return rule;
  }

  // Saves and enables the rule; returns its id.
  int64_t Enable(const json& rule) {
    const auto saved = S().Call("POST", "/api/v1/rules", Admin(), rule.dump());
    EXPECT_EQ(saved.status, 201) << saved.body;
    const int64_t id = Parse(saved).value("id", int64_t{0});
    const auto on = S().Call("POST", "/api/v1/rules/" + std::to_string(id) + "/enable", Admin());
    EXPECT_EQ(on.status, 200) << on.body;
    enabled_.push_back(id);
    // The runner picks up the new rule set at its next pass.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    return id;
  }

  static Receipt Complaint(const std::string& marker) {
    return S().Submit({{"kind", "complaint"},
                       {"service_code", "PU-DRAINASE"},
                       {"title", "Saluran mampet " + marker},
                       {"description", "Saluran di depan rumah mampet sejak seminggu. " + marker}});
  }

  // Verified and disposed to DPU: the follow-up stage runs.
  static void Dispose(const Receipt& r) {
    const auto verifier = S().Officer("verifikator");
    S().Must(r.code, verifier, {{"action", "verify"}});
    S().Must(r.code, verifier, {{"action", "dispose"}, {"agency_code", "DPU"}});
  }

  // The officers' case view.
  static json Case(const std::string& code) {
    const auto r = S().Call("GET", "/api/v1/cases/" + code, S().Officer("verifikator"));
    EXPECT_EQ(r.status, 200) << r.body;
    return Parse(r);
  }

  // The case's events of `kind` left by rule `rule_id`.
  static std::vector<json> ByRule(const std::string& code, const std::string& kind,
                                  int64_t rule_id) {
    std::vector<json> out;
    for (const auto& e : Case(code).value("timeline", json::array())) {
      if (e.value("kind", "") != kind) continue;
      const json& p = e.value("payload", json::object());
      if (p.value("rule_id", int64_t{0}) == rule_id) out.push_back(e);
    }
    return out;
  }

  static bool WaitForEvents(const std::string& code, const std::string& kind, int64_t rule_id,
                            size_t count) {
    return LifecycleServer::WaitFor([&] { return ByRule(code, kind, rule_id).size() >= count; });
  }

  std::vector<int64_t> enabled_;
  static LifecycleServer* server_;
};
LifecycleServer* RulesLive::server_ = nullptr;

TEST_F(RulesLive, EveryCaseActionLeavesItsEventWithTheRuleAndItsBasis) {
  const std::string marker = "[uji-aksi-1]";
  const int64_t id = Enable(
      Rule("Uji semua aksi", marker, {{"event", "disposed"}},
           json::array({{{"type", "raise_priority"}, {"level", "urgent"}},
                        {{"type", "add_supporting_agency"}, {"agency", "DISPERKIM"}},
                        {{"type", "notify"}, {"to", "agency_head:DPU"}},
                        {{"type", "escalate"}, {"to", "inspectorate"}},
                        {{"type", "adjust_deadline"}, {"stage", "follow_up"}, {"days", 2}}})));
  const Receipt r = Complaint(marker);
  Dispose(r);
  const std::string due_before = Case(r.code)["deadline"].value("due_at", "");

  for (const std::string kind :
       {"priority_raised", "agency_added", "notified", "escalated", "deadline_adjusted"}) {
    ASSERT_TRUE(WaitForEvents(r.code, kind, id, 1)) << kind;
    const auto events = ByRule(r.code, kind, id);
    ASSERT_EQ(events.size(), 1u) << kind;
    const json& e = events.front();
    EXPECT_EQ(e["actor"], "system") << kind;
    const json& p = e["payload"];
    EXPECT_EQ(p["rule_version"], 1) << kind;
    EXPECT_EQ(p["note"],
              "otomatis: aturan Uji semua aksi v1, dasar: Perpres 76/2013 tentang Pengelolaan "
              "Pengaduan Pelayanan Publik")
        << kind;
  }
  const json c = Case(r.code);
  EXPECT_EQ(c["handling"]["priority"], "urgent");
  std::set<std::string> supporting;
  for (const auto& s : c["handling"]["supporting"]) supporting.insert(s.value("agency_code", ""));
  EXPECT_TRUE(supporting.count("DISPERKIM")) << c["handling"].dump();
  const json moved = ByRule(r.code, "deadline_adjusted", id).front()["payload"];
  EXPECT_EQ(moved["due_before"], due_before);
  EXPECT_EQ(moved["due_at"], c["deadline"]["due_at"]);
  EXPECT_GT(c["deadline"].value("due_at", ""), due_before);
  EXPECT_EQ(ByRule(r.code, "escalated", id).front()["payload"]["to"], "inspectorate");
  // Messages in the case's transaction: the agency head and DISPERKIM hear
  // of it.
  const auto outbox = S().Sql(
      "SELECT o.audience, o.template FROM outbox o JOIN cases c ON c.id = o.case_id WHERE "
      "c.tracking_code = '" +
      r.code + "' AND o.channel = 'email' ORDER BY o.id");
  std::set<std::string> told;
  for (const auto& row : outbox) told.insert(row[0] + " " + row[1]);
  EXPECT_TRUE(told.count("agency_head:DPU notified")) << outbox.size();
  EXPECT_TRUE(told.count("agency:DISPERKIM agency_added"));
  EXPECT_TRUE(told.count("inspectorate escalated"));
  // The citizen's timeline does not show the internal acts.
  const json citizen = S().Timeline(r.code);
  for (const auto& e : citizen["events"]) {
    EXPECT_NE(e.value("kind", ""), "priority_raised");
    EXPECT_NE(e.value("kind", ""), "notified");
  }
}

TEST_F(RulesLive, ARuleDoesNotActTwiceAlongOneChain) {
  const std::string marker = "[uji-putaran]";
  // S tells DPU when a case is disposed; L answers every "notified" with
  // another notice, which would go on for ever without the loop guard.
  const int64_t s = Enable(Rule("Uji pemicu", marker, {{"event", "disposed"}},
                                json::array({{{"type", "notify"}, {"to", "agency:DPU"}}})));
  const int64_t l = Enable(Rule("Uji putaran", marker, {{"event", "notified"}},
                                json::array({{{"type", "notify"}, {"to", "verifiers"}}})));
  const Receipt r = Complaint(marker);
  Dispose(r);

  ASSERT_TRUE(WaitForEvents(r.code, "notified", l, 1));
  std::this_thread::sleep_for(std::chrono::seconds(3));  // a few more passes of the runner
  EXPECT_EQ(ByRule(r.code, "notified", s).size(), 1u);
  EXPECT_EQ(ByRule(r.code, "notified", l).size(), 1u);
  const auto chain = ByRule(r.code, "notified", l).front()["payload"]["rule_chain"];
  EXPECT_EQ(chain, json::array({std::to_string(s), std::to_string(l)}));
}

TEST_F(RulesLive, TheRateLimitHoldsPerRule) {
  const std::string marker = "[uji-batas]";
  json rule = Rule("Uji batas", marker, {{"event", "submitted"}},
                   json::array({{{"type", "raise_priority"}, {"level", "high"}}}));
  rule["rate_limit_per_hour"] = 2;
  const int64_t id = Enable(rule);
  std::vector<Receipt> cases;
  for (int i = 0; i < 4; ++i) cases.push_back(Complaint(marker));

  ASSERT_TRUE(WaitForEvents(cases[1].code, "priority_raised", id, 1));
  std::this_thread::sleep_for(std::chrono::seconds(3));
  int raised = 0;
  for (const auto& c : cases)
    raised += static_cast<int>(ByRule(c.code, "priority_raised", id).size());
  EXPECT_EQ(raised, 2);
  EXPECT_EQ(Case(cases[3].code)["handling"]["priority"], "normal");
}

TEST_F(RulesLive, TheKillSwitchStopsEveryRuleAndIsAudited) {
  const std::string marker = "[uji-saklar]";
  const int64_t id = Enable(Rule("Uji saklar", marker, {{"event", "submitted"}},
                                 json::array({{{"type", "raise_priority"}, {"level", "high"}}})));
  const auto on = S().Call("POST", "/api/v1/rules/kill-switch", Admin(), R"({"on": true})");
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_EQ(Parse(on)["on"], true);
  EXPECT_EQ(Parse(on)["by"], "user:admin.live");
  const auto listed = S().Call("GET", "/api/v1/rules", Admin());
  EXPECT_EQ(Parse(listed)["kill_switch"]["on"], true);

  const Receipt during = Complaint(marker);
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_TRUE(ByRule(during.code, "priority_raised", id).empty());

  const auto off = S().Call("POST", "/api/v1/rules/kill-switch", Admin(), R"({"on": false})");
  ASSERT_EQ(off.status, 200) << off.body;
  const Receipt after = Complaint(marker);
  ASSERT_TRUE(WaitForEvents(after.code, "priority_raised", id, 1));
  // What happened while it was on stays untouched.
  EXPECT_TRUE(ByRule(during.code, "priority_raised", id).empty());
  const auto audit = S().Sql("SELECT killed, actor FROM policy_switch_audit ORDER BY id");
  ASSERT_GE(audit.size(), 2u);
  EXPECT_EQ(audit[audit.size() - 2], (std::vector<std::string>{"1", "user:admin.live"}));
  EXPECT_EQ(audit.back(), (std::vector<std::string>{"0", "user:admin.live"}));

  const auto bad = S().Call("POST", "/api/v1/rules/kill-switch", Admin(), R"({"on": "ya"})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(json::parse(bad.body)["errors"][0]["field"], "on") << bad.body;
  // A mistyped member while trying to stop the rules must not turn the
  // switch off: it is refused, naming `on`, and the switch stays as it was.
  ASSERT_EQ(S().Call("POST", "/api/v1/rules/kill-switch", Admin(), R"({"on": true})").status, 200);
  const auto mistyped =
      S().Call("POST", "/api/v1/rules/kill-switch", Admin(), R"({"enabled": true})");
  const auto empty = S().Call("POST", "/api/v1/rules/kill-switch", Admin(), "{}");
  EXPECT_EQ(mistyped.status, 422) << mistyped.body;
  EXPECT_EQ(empty.status, 422) << empty.body;
  EXPECT_EQ(json::parse(empty.body)["errors"][0]["field"], "on") << empty.body;
  EXPECT_EQ(Parse(S().Call("GET", "/api/v1/rules", Admin()))["kill_switch"]["on"], true);
  ASSERT_EQ(S().Call("POST", "/api/v1/rules/kill-switch", Admin(), R"({"on": false})").status, 200);
  const auto officer =
      S().Call("POST", "/api/v1/rules/kill-switch", S().Officer("petugas.dpu"), R"({"on": true})");
  EXPECT_EQ(officer.status, 403);
}

TEST_F(RulesLive, ADryRunOverTheSameEventsCountsWhatTheLiveRuleDid) {
  const std::string marker = "[uji-sepakat]";
  const int64_t id = Enable(
      Rule("Uji sepakat", marker, {{"event", "submitted"}},
           json::array({{{"type", "raise_priority"}, {"level", "high"}},
                        {{"type", "adjust_deadline"}, {"stage", "verification"}, {"days", 1}}})));
  std::vector<Receipt> cases;
  for (int i = 0; i < 3; ++i) cases.push_back(Complaint(marker));
  for (const auto& c : cases) ASSERT_TRUE(WaitForEvents(c.code, "deadline_adjusted", id, 1));

  const auto tried =
      S().Call("POST", "/api/v1/rules/try", Admin(), json{{"id", id}, {"since_days", 1}}.dump());
  ASSERT_EQ(tried.status, 200) << tried.body;
  const json report = Parse(tried);
  int live_adjusted = 0, live_raised = 0;
  for (const auto& c : cases) {
    live_adjusted += static_cast<int>(ByRule(c.code, "deadline_adjusted", id).size());
    live_raised += static_cast<int>(ByRule(c.code, "priority_raised", id).size());
  }
  EXPECT_EQ(live_adjusted, 3);
  EXPECT_EQ(report["decisions"], 3);
  EXPECT_EQ(report["cases"], 3);
  EXPECT_EQ(report["by_action"]["adjust_deadline"], live_adjusted);
  EXPECT_EQ(report["by_action"]["raise_priority"], live_raised);
}

// A rule on an alert tried over the days its alerts were raised counts
// them: the dry run read only case events, so the demo's flood playbook
// (on cluster alerts) was said never to act, while it acted live.
TEST_F(RulesLive, ADryRunOfARuleOnAlertsCountsTheAlertsRaisedMeanwhile) {
  const json clusters = Parse(S().Call("GET", "/api/v1/alerts?detector=local_cluster&limit=200",
                                       S().Officer("admin.live")));
  const auto raised = clusters.value("items", json::array()).size();
  ASSERT_GT(raised, 0u) << "the demo raised no cluster alert: " << clusters.dump();

  for (const char* trigger : {"cluster", "local_cluster"}) {
    const json rule = Rule("Uji banjir", "", {{"alert", trigger}},
                           json::array({{{"type", "notify"}, {"to", "agency_head"}}}));
    const auto tried = S().Call("POST", "/api/v1/rules/try", Admin(),
                                json{{"rule", rule}, {"since_days", 1}}.dump());
    ASSERT_EQ(tried.status, 200) << tried.body;
    EXPECT_EQ(Parse(tried)["decisions"], raised) << trigger << ": " << tried.body;
    // A notification acts on each alert's first case (the count said 0).
    EXPECT_GT(Parse(tried)["cases"].get<int64_t>(), 0) << tried.body;
    EXPECT_LE(Parse(tried)["cases"].get<int64_t>(), static_cast<int64_t>(raised)) << tried.body;
  }
  // Regression: "cases": 0 while by_action listed what the rule did to the
  // alerts' cases; a priority is raised on each case behind each alert.
  const json rule = Rule("Uji banjir prioritas", "", {{"alert", "cluster"}},
                         json::array({{{"type", "raise_priority"}, {"level", "high"}}}));
  const auto tried = S().Call("POST", "/api/v1/rules/try", Admin(),
                              json{{"rule", rule}, {"since_days", 1}}.dump());
  ASSERT_EQ(tried.status, 200) << tried.body;
  EXPECT_GT(Parse(tried)["cases"].get<int64_t>(), static_cast<int64_t>(raised)) << tried.body;
}

TEST_F(RulesLive, AScheduledRuleOpensATemporaryServiceAndProposesCapacity) {
  Enable(Rule("Uji layanan sementara", "", {{"schedule", "daily"}},
              json::array({{{"type", "open_temporary_service"},
                            {"code", "UJI-DARURAT"},
                            {"name", "Pengaduan korban banjir (uji)"},
                            {"agency", "BPBD"},
                            {"completion_days", 3},
                            {"days_open", 30}},
                           {{"type", "propose_capacity"}, {"agency", "DPU"}, {"officers", 4}}})));
  // The day's schedule ran when the server started; as if a new day came:
  S().Sql("UPDATE policy_runs SET last_daily = ''");

  ASSERT_TRUE(LifecycleServer::WaitFor(
      [] { return S().Call("GET", "/api/v1/services/UJI-DARURAT").status == 200; }));
  const json service = Parse(S().Call("GET", "/api/v1/services/UJI-DARURAT"));
  EXPECT_EQ(service["agency_code"], "BPBD");
  EXPECT_EQ(service["standard"]["completion_days"], 3) << service.dump();
  // Regression: a citizen read "Layanan sementara sampai 2027-01-05.
  // otomatis: aturan X v1, dasar: ...": an ISO date, a sentence starting in
  // lower case, the rules' own words. Now a sentence with an Indonesian
  // date and the regulation the service rests on.
  const std::regex month(
      "(Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember)");
  const std::string description = service.value("description", "");
  EXPECT_TRUE(std::regex_match(
      description,
      std::regex("Layanan sementara, dibuka sampai [A-Z][a-z]+, [0-9]{1,2} [A-Z][a-z]+ [0-9]{4} "
                 "berdasarkan Perpres 76/2013 tentang Pengelolaan Pengaduan Pelayanan Publik\\.")))
      << description;
  EXPECT_TRUE(std::regex_search(description, month)) << description;
  EXPECT_EQ(description.find("otomatis"), std::string::npos) << description;
  const std::string note = service["versions"][0].value("change_note", "");
  EXPECT_TRUE(std::regex_search(note, month)) << note;
  EXPECT_NE(note.find("oleh aturan kebijakan \"Uji layanan sementara\" (versi 1), berdasarkan "
                      "Perpres 76/2013"),
            std::string::npos)
      << note;
  ASSERT_TRUE(LifecycleServer::WaitFor([] {
    const auto a =
        S().Call("GET", "/api/v1/alerts?detector=capacity_proposal", S().Officer("admin.live"));
    return a.body.find("tambah 4 petugas") != std::string::npos;
  }));
  // Its English sentence is English to the end, the rule and its basis
  // included (it ended "... the decision is the leaders'. otomatis: aturan");
  // both end in a sentence naming the rule and its basis (they ended in the
  // timeline's "otomatis: aturan X v1, dasar: ...", lower case).
  const json proposals = Parse(
      S().Call("GET", "/api/v1/alerts?detector=capacity_proposal", S().Officer("admin.live")));
  int english = 0;
  for (const auto& p : proposals["items"]) {
    const std::string en = p.value("sentence_en", "");
    const std::string id = p.value("sentence", "");
    if (en.find("add 4 officers") == std::string::npos) continue;
    ++english;
    EXPECT_NE(en.find("the decision is the leaders'. Proposed by the policy rule \"Uji layanan "
                      "sementara\" (version 1), on the basis of Perpres 76/2013 tentang "
                      "Pengelolaan Pengaduan Pelayanan Publik."),
              std::string::npos)
        << en;
    EXPECT_EQ(en.find("otomatis"), std::string::npos) << en;
    EXPECT_NE(id.find("keputusan ada pada pimpinan. Diusulkan oleh aturan kebijakan \"Uji "
                      "layanan sementara\" (versi 1), berdasarkan Perpres 76/2013"),
              std::string::npos)
        << id;
    EXPECT_EQ(id.find("otomatis:"), std::string::npos) << id;
  }
  EXPECT_GT(english, 0) << proposals.dump();

  // Its days over, the runner closes it.
  S().Sql(
      "UPDATE policy_runs SET temporary = '[{\"code\":\"UJI-DARURAT\",\"until\":\"2000-01-01\"}]'");
  EXPECT_TRUE(LifecycleServer::WaitFor([] {
    return S().Call("GET", "/api/v1/services/UJI-DARURAT").status == 404 ||
           Parse(S().Call("GET", "/api/v1/services/UJI-DARURAT")).value("active", true) == false;
  }));
}

// The demo's starter rule: a citizen who says they belong to a vulnerable
// group (the service question KELOMPOK_RENTAN) is served first.
// A rule set off by a cluster alert proposes capacity: the proposal names
// the alert it answers, with that alert's sentences, so that a leader
// reading "tambah 3 petugas" sees why (it named no alert).
TEST_F(RulesLive, ACapacityProposalNamesTheAlertItAnswers) {
  const json clusters = Parse(S().Call("GET", "/api/v1/alerts?detector=local_cluster&limit=200",
                                       S().Officer("admin.live")));
  ASSERT_FALSE(clusters.value("items", json::array()).empty())
      << "the demo raised no cluster alert: " << clusters.dump();
  const json& cluster = clusters["items"][0];  // the newest
  const int64_t cluster_id = cluster["id"];
  Enable(Rule("Uji kapasitas banjir", "", {{"alert", "cluster"}},
              json::array({{{"type", "propose_capacity"}, {"agency", "DPU"}, {"officers", 3}}})));
  // As if the newest cluster alert were raised now (a Pemda's first pass
  // starts after the alerts it already has).
  S().Sql("UPDATE policy_runs SET last_alert_id = " + std::to_string(cluster_id - 1));

  json proposal;
  ASSERT_TRUE(LifecycleServer::WaitFor([&] {
    const json page = Parse(S().Call("GET", "/api/v1/alerts?detector=capacity_proposal&limit=200",
                                     S().Officer("admin.live")));
    for (const auto& p : page.value("items", json::array())) {
      if (p.value("sentence", "").find("tambah 3 petugas") != std::string::npos) proposal = p;
    }
    return proposal.is_object();
  }));
  const auto detail =
      S().Call("GET", "/api/v1/alerts/" + proposal["id"].dump(), S().Officer("walikota"));
  ASSERT_EQ(detail.status, 200) << detail.body;
  const json answers = Parse(detail)["answers"];
  ASSERT_TRUE(answers.is_object()) << detail.body;
  EXPECT_EQ(answers["id"], cluster_id) << detail.body;
  EXPECT_EQ(answers["detector"], "local_cluster") << detail.body;
  EXPECT_EQ(answers["sentence"], cluster["sentence"]) << detail.body;
  EXPECT_EQ(answers["sentence_en"], cluster["sentence_en"]) << detail.body;
  // An alert of no rule answers none.
  const auto plain =
      S().Call("GET", "/api/v1/alerts/" + std::to_string(cluster_id), S().Officer("walikota"));
  EXPECT_TRUE(Parse(plain)["answers"].is_null()) << plain.body;
}

TEST_F(RulesLive, TheStarterRuleServesVulnerableCitizensFirst) {
  int64_t id = 0;
  const json listed = Parse(S().Call("GET", "/api/v1/rules", Admin()));
  for (const auto& r : listed["items"]) {
    if (r.value("name", "") == "Prioritas kelompok rentan") id = r.value("id", int64_t{0});
  }
  ASSERT_NE(id, 0);
  ASSERT_EQ(S().Call("POST", "/api/v1/rules/" + std::to_string(id) + "/enable", Admin()).status,
            200);
  enabled_.push_back(id);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  auto submit = [](const std::string& answer) {
    return S().Submit({{"kind", "complaint"},
                       {"service_code", "DINSOS-BANSOS"},
                       {"title", "Bantuan sosial tidak diterima"},
                       {"description", "Bantuan bulan ini belum kami terima. [uji-rentan]"},
                       {"attributes", {{"KELOMPOK_RENTAN", answer}}}});
  };
  const Receipt vulnerable = submit("ya");
  const Receipt other = submit("tidak");

  ASSERT_TRUE(WaitForEvents(vulnerable.code, "priority_raised", id, 1));
  EXPECT_EQ(Case(vulnerable.code)["handling"]["priority"], "urgent");
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(Case(other.code)["handling"]["priority"], "normal");
}

}  // namespace
}  // namespace sigap::integration
