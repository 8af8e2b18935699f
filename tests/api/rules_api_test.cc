// Issue 10 over real HTTP and the real executable: policy rules kept in the
// store, administrators only; every save a new version, disabled until
// someone enables it; enable and disable audited with who did it; errors
// that name the field (422 problem+json); a dry run that writes nothing;
// and `sigap rules list|show|add|enable|disable|history` on the same
// database.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "integration/lifecycle_server.h"
#include "integration/server_process.h"

namespace sigap::integration {
namespace {

using nlohmann::json;

class RulesApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new LifecycleServer({{"admin.rl", "admin", ""},
                                   {"petugas.rl", "agency_officer", "DPU"},
                                   {"pimpinan.rl", "leader", ""}});
    auto started = server_->Start();
    ASSERT_TRUE(started) << started.message();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static LifecycleServer& S() { return *server_; }

  static json Parse(const test_support::HttpResponse& r) {
    json j = json::parse(r.body, nullptr, false);
    return j.is_discarded() ? json::object() : j;
  }
  static std::vector<std::string> Fields(const test_support::HttpResponse& r) {
    std::vector<std::string> out;
    for (const auto& e : Parse(r).value("errors", json::array())) {
      out.push_back(e.value("field", ""));
    }
    return out;
  }
  static std::string Code(const test_support::HttpResponse& r, const std::string& field) {
    for (const auto& e : Parse(r).value("errors", json::array())) {
      if (e.value("field", "") == field) return e.value("code", "");
    }
    return "";
  }
  static std::string Message(const test_support::HttpResponse& r, const std::string& field) {
    for (const auto& e : Parse(r).value("errors", json::array())) {
      if (e.value("field", "") == field) return e.value("message", "");
    }
    return "";
  }

  static json Rule(const std::string& name, int days = 2) {
    return json{
        {"name", name},
        {"basis", "Perpres 76/2013 tentang Pengelolaan Pengaduan Pelayanan Publik"},
        {"rate_limit_per_hour", 100000},
        {"scope", {{"kind", "complaint"}}},
        {"trigger", {{"event", "submitted"}}},
        {"actions",
         json::array({{{"type", "adjust_deadline"}, {"stage", "resolution"}, {"days", days}}})}};
  }

  static http::Headers Admin() { return S().Officer("admin.rl"); }
  static http::Headers AdminEn() {
    auto headers = Admin();
    headers["Accept-Language"] = "en";
    return headers;
  }

  // Whether `text` has a word of English: what an Indonesian answer's
  // messages, the rule's own limits included, must never have.
  static bool HasEnglish(const std::string& text) {
    for (const char* word : {" the ", " or ", " to ", " not ", " must ", " days ", " already",
                             " a number", "(the", "name)", " of ", " is "}) {
      if (text.find(word) != std::string::npos) return true;
    }
    return false;
  }

  static json Save(const json& rule) {
    const auto r = S().Call("POST", "/api/v1/rules", Admin(), rule.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return Parse(r);
  }

  static LifecycleServer* server_;
};
LifecycleServer* RulesApi::server_ = nullptr;

// `sigap demo` loads the starter set, each with its basis, disabled until
// someone has tried and enabled it.
TEST_F(RulesApi, TheDemoHasTheStarterRulesWithTheirBasis) {
  const auto listed = S().Call("GET", "/api/v1/rules", Admin());

  ASSERT_EQ(listed.status, 200) << listed.body;
  const json items = Parse(listed)["items"];
  std::vector<std::string> starters;
  for (const auto& r : items) {
    const std::string name = r["name"];
    if (name != "Playbook banjir" && name != "Prioritas kelompok rentan" &&
        name.rfind("Tenggat", 0) != 0 && name.rfind("Eskalasi", 0) != 0) {
      continue;
    }
    starters.push_back(name);
    EXPECT_FALSE(r["basis"].get<std::string>().empty()) << name;
    EXPECT_EQ(r["enabled"], false) << name;
  }
  EXPECT_EQ(starters.size(), 4U) << listed.body;
}

TEST_F(RulesApi, EverySaveIsANewVersionDisabledUntilEnabled) {
  const json first = Save(Rule("Versi"));
  const json second = Save(Rule("Versi", 3));

  const auto shown =
      S().Call("GET", "/api/v1/rules/" + std::to_string(first["id"].get<int64_t>()), Admin());

  EXPECT_EQ(first["version"], 1);
  EXPECT_EQ(second["id"], first["id"]);
  EXPECT_EQ(second["version"], 2);
  EXPECT_EQ(second["enabled"], false);
  ASSERT_EQ(shown.status, 200) << shown.body;
  const json body = Parse(shown);
  ASSERT_EQ(body["versions"].size(), 2U);
  EXPECT_EQ(body["versions"][0]["definition"]["actions"][0]["days"], 3);
  EXPECT_EQ(body["versions"][1]["definition"]["actions"][0]["days"], 2);
  EXPECT_EQ(body["versions"][0]["created_by"], "user:admin.rl");
  EXPECT_EQ(body["basis"], "Perpres 76/2013 tentang Pengelolaan Pengaduan Pelayanan Publik");
}

TEST_F(RulesApi, EnableAndDisableAreAuditedWithWhoAndWhichVersion) {
  const json saved = Save(Rule("Diaudit"));
  const std::string path = "/api/v1/rules/" + std::to_string(saved["id"].get<int64_t>());

  const auto on = S().Call("POST", path + "/enable", Admin(), "");
  const auto listed = S().Call("GET", "/api/v1/rules", Admin());
  const auto off = S().Call("POST", path + "/disable", Admin(), "");

  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_EQ(Parse(on)["enabled"], true);
  const json items = Parse(listed)["items"];
  bool found = false;
  for (const auto& r : items) {
    if (r["name"] != "Diaudit") continue;
    found = true;
    EXPECT_EQ(r["enabled"], true);
    EXPECT_EQ(r["trigger"]["event"], "submitted");
  }
  EXPECT_TRUE(found) << listed.body;
  ASSERT_EQ(off.status, 200) << off.body;
  const json audit = Parse(off)["audit"];
  ASSERT_EQ(audit.size(), 3U);
  EXPECT_EQ(audit[0]["action"], "disabled");
  EXPECT_EQ(audit[1]["action"], "enabled");
  EXPECT_EQ(audit[1]["actor"], "user:admin.rl");
  EXPECT_EQ(audit[1]["version"], 1);
  EXPECT_EQ(audit[2]["action"], "saved");
}

// Officers read who saved a version, who enabled and disabled the rule and
// who pulled the kill switch by the officer's full name (the demo's admin
// is Novi Anggraeni), beside the actor as before; an officer without one
// (admin.rl) is shown by the username alone.
TEST_F(RulesApi, TheHistoryNamesTheOfficersByTheirFullNames) {
  const auto demo_admin = S().Officer("admin");
  const auto saved = S().Call("POST", "/api/v1/rules", demo_admin, Rule("Bernama").dump());
  ASSERT_EQ(saved.status, 201) << saved.body;
  EXPECT_EQ(Parse(saved)["versions"][0]["created_by_name"], "Novi Anggraeni") << saved.body;
  const std::string path = "/api/v1/rules/" + std::to_string(Parse(saved)["id"].get<int64_t>());
  ASSERT_EQ(S().Call("POST", path + "/enable", demo_admin, "").status, 200);
  const auto off = S().Call("POST", path + "/disable", Admin(), "");
  const auto read = S().Call("GET", path, S().Officer("pimpinan.rl"));

  ASSERT_EQ(off.status, 200) << off.body;
  ASSERT_EQ(read.status, 200) << read.body;
  const json audit = Parse(read)["audit"];
  ASSERT_EQ(audit.size(), 3U) << read.body;
  EXPECT_EQ(audit[0]["actor"], "user:admin.rl");
  EXPECT_FALSE(audit[0].contains("actor_name")) << read.body;
  EXPECT_EQ(audit[1]["action"], "enabled");
  EXPECT_EQ(audit[1]["actor"], "user:admin");
  EXPECT_EQ(audit[1].value("actor_name", ""), "Novi Anggraeni");
  EXPECT_EQ(Parse(read)["versions"][0]["created_by"], "user:admin");
  EXPECT_EQ(Parse(read)["versions"][0]["created_by_name"], "Novi Anggraeni");
  // `sigap rules history` names them the same way, with the username.
  const RunResult cli =
      RunSigap({"rules", "history", path.substr(path.rfind('/') + 1), "--db", S().process().db()});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_NE(cli.out.find("\tNovi Anggraeni (admin)\tBernama\n"), std::string::npos) << cli.out;
  EXPECT_NE(cli.out.find("\tNovi Anggraeni (admin)\tenabled v1\n"), std::string::npos) << cli.out;
  EXPECT_NE(cli.out.find("\tuser:admin.rl\tdisabled v1\n"), std::string::npos) << cli.out;

  const auto on = S().Call("POST", "/api/v1/rules/kill-switch", demo_admin, R"({"on": true})");
  const auto listed = S().Call("GET", "/api/v1/rules", Admin());
  ASSERT_EQ(S().Call("POST", "/api/v1/rules/kill-switch", Admin(), R"({"on": false})").status, 200);
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_EQ(Parse(on)["by"], "user:admin");
  EXPECT_EQ(Parse(on)["by_name"], "Novi Anggraeni");
  EXPECT_EQ(Parse(listed)["kill_switch"]["by_name"], "Novi Anggraeni") << listed.body;
}

TEST_F(RulesApi, ValidationErrorsNameTheField) {
  json no_basis = Rule("Tanpa dasar");
  no_basis.erase("basis");
  const json too_long = Rule("Melewati 60 hari", 50);
  json bad_trigger = Rule("Pemicu salah");
  bad_trigger["trigger"] = {{"deadline", "kemarin"}};

  const auto basis = S().Call("POST", "/api/v1/rules", Admin(), no_basis.dump());
  const auto days = S().Call("POST", "/api/v1/rules", Admin(), too_long.dump());
  const auto trigger = S().Call("POST", "/api/v1/rules", Admin(), bad_trigger.dump());
  const auto id = S().Call("POST", "/api/v1/rules", Admin(), R"({"id": "x"})");

  EXPECT_EQ(basis.status, 422);
  EXPECT_NE(std::string(basis.Header("Content-Type").value_or("")).find("problem+json"),
            std::string::npos);
  EXPECT_EQ(Code(basis, "basis"), "required") << basis.body;
  EXPECT_EQ(days.status, 422);
  EXPECT_EQ(Code(days, "actions[0].days"), "exceeds_regulation") << days.body;
  EXPECT_EQ(trigger.status, 422);
  EXPECT_EQ(Code(trigger, "trigger.deadline"), "invalid_value") << trigger.body;
  EXPECT_EQ(id.status, 422);
  EXPECT_EQ(Fields(id), std::vector<std::string>{"id"});
  EXPECT_TRUE(S().Sql("SELECT id FROM policy_rules WHERE name IN ('Tanpa dasar', "
                      "'Melewati 60 hari', 'Pemicu salah')")
                  .empty());
}

// Regression: rules that could never fire or named nothing the Pemda has
// were saved with 201.
TEST_F(RulesApi, RulesThatNameNothingAreRefusedNamingTheField) {
  json event = Rule("Salah ketik");
  event["trigger"] = {{"event", "submited"}};
  json alert = Rule("Peringatan asing");
  alert["trigger"] = {{"alert", "zzz"}};
  json operands = Rule("Syarat asing");
  operands["conditions"] =
      json::array({{{"field", "status"}, {"op", "eq"}, {"value", "recieved"}},
                   {{"field", "escalation_level"}, {"op", "lt"}, {"value", "abc"}}});
  json names = Rule("Nama asing");
  names["scope"]["service"] = "PU-JEMBATAN-KAB";  // another Pemda's: the rule would never fire
  names["conditions"] =
      json::array({{{"field", "service"}, {"op", "in"}, {"values", {"PU-DRAINASE", "NOPE"}}}});
  names["actions"] = json::array({{{"type", "add_supporting_agency"}, {"agency", "NOPE"}},
                                  {{"type", "escalate"}, {"to", "agency_head:NOPE"}},
                                  {{"type", "notify"}, {"to", "user:nobody"}},
                                  {{"type", "notify"}, {"to", "user:admin.rl"}},
                                  {{"type", "add_supporting_agency"}, {"agency", "DPU"}}});
  json many = Rule("Banyak tindakan");
  many["actions"] = json::array();
  for (int i = 0; i < 20000; ++i)
    many["actions"].push_back({{"type", "notify"}, {"to", "handler"}});

  const auto e = S().Call("POST", "/api/v1/rules", Admin(), event.dump());
  const auto a = S().Call("POST", "/api/v1/rules", Admin(), alert.dump());
  const auto o = S().Call("POST", "/api/v1/rules", Admin(), operands.dump());
  const auto n = S().Call("POST", "/api/v1/rules", Admin(), names.dump());
  const auto m = S().Call("POST", "/api/v1/rules", Admin(), many.dump());

  EXPECT_EQ(e.status, 422) << e.body;
  EXPECT_EQ(Fields(e), std::vector<std::string>{"trigger.event"});
  EXPECT_EQ(a.status, 422) << a.body;
  EXPECT_EQ(Fields(a), std::vector<std::string>{"trigger.alert"});
  EXPECT_NE(Message(a, "trigger.alert").find("cluster"), std::string::npos) << a.body;
  EXPECT_EQ(o.status, 422) << o.body;
  EXPECT_EQ(Fields(o), (std::vector<std::string>{"conditions[0].value", "conditions[1].value"}));
  EXPECT_EQ(n.status, 422) << n.body;
  EXPECT_EQ(Fields(n),
            (std::vector<std::string>{"scope.service", "conditions[0].values[1]",
                                      "actions[0].agency", "actions[1].to", "actions[2].to"}));
  EXPECT_EQ(Code(n, "scope.service"), "unknown");
  EXPECT_EQ(Code(n, "actions[2].to"), "unknown");
  EXPECT_EQ(m.status, 422) << m.body.substr(0, 500);
  EXPECT_EQ(Fields(m), std::vector<std::string>{"actions"});
  EXPECT_EQ(Code(m, "actions"), "too_many");
  EXPECT_NE(Message(m, "actions").find("50"), std::string::npos) << m.body;
  EXPECT_TRUE(S().Sql("SELECT id FROM policy_rules WHERE name IN ('Salah ketik', "
                      "'Peringatan asing', 'Syarat asing', 'Nama asing', 'Banyak tindakan')")
                  .empty());
}

// Regression: each extension was checked alone (22 + 25 + 25 = 72 days
// passed), and the 422 said only "tidak valid" without the figures.
TEST_F(RulesApi, ExtensionsAreSummedAndTheMessageSaysHowFar) {
  json twice = Rule("Dua kali perpanjang", 25);
  twice["actions"].push_back(twice["actions"][0]);
  twice["actions"][1]["note"] = "tahap kedua";  // not the same action twice

  const auto r = S().Call("POST", "/api/v1/rules", Admin(), twice.dump());

  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(Fields(r), std::vector<std::string>{"actions[1].days"});
  EXPECT_EQ(Code(r, "actions[1].days"), "exceeds_regulation");
  const std::string message = Message(r, "actions[1].days");
  EXPECT_NE(message.find("Perpres 76/2013"), std::string::npos) << message;
  EXPECT_NE(message.find("sudah 22 hari + 25 + 25 = 72 hari"), std::string::npos) << message;
  EXPECT_EQ(Parse(r)["detail"], message);
  const auto en = S().Call("POST", "/api/v1/rules", AdminEn(), twice.dump());
  EXPECT_NE(Message(en, "actions[1].days").find("22 days already + 25 + 25 = 72"),
            std::string::npos)
      << en.body;
}

// Regression: the Indonesian messages of a refused rule ended in English
// ("trigger.alert: nilainya tidak dikenal (cluster, shift, topic, rating,
// backlog or capacity_proposal (or the detector's name))"); in English
// they are English throughout.
TEST_F(RulesApi, ARefusedRuleIsExplainedInTheRequestsLanguageOnly) {
  json bad = Rule("Serba salah", 0);
  bad.erase("basis");
  bad["trigger"] = {{"alert", "zzz"}};
  bad["conditions"] = json::array({{{"field", "status"}, {"op", "gt"}, {"value", 1}},
                                   {{"field", "kind"}, {"value", "complain"}}});
  bad["actions"] =
      json::array({{{"type", "raise_priority"}, {"level", "tinggi"}},
                   {{"type", "adjust_deadline"}, {"stage", "resolution"}, {"days", 99}},
                   {{"type", "notify"}, {"to", "siapa"}},
                   {{"type", "propose_capacity"}, {"agency", "DPU"}}});
  const json two = json{{"rule", Rule("Uji")}, {"since_days", 0}};

  const auto id = S().Call("POST", "/api/v1/rules", Admin(), bad.dump());
  const auto en = S().Call("POST", "/api/v1/rules", AdminEn(), bad.dump());
  const auto since_id = S().Call("POST", "/api/v1/rules/try", Admin(), two.dump());
  const auto since_en = S().Call("POST", "/api/v1/rules/try", AdminEn(), two.dump());

  ASSERT_EQ(id.status, 422) << id.body;
  const json problem = Parse(id);
  ASSERT_GE(problem["errors"].size(), 8U) << id.body;
  for (const auto& e : problem["errors"]) {
    EXPECT_FALSE(HasEnglish(e.value("message", ""))) << e.dump();
  }
  EXPECT_EQ(Message(id, "basis"),
            "basis: wajib diisi (peraturan, keputusan, atau kebijakan pimpinan yang menjadi dasar "
            "aturan)");
  EXPECT_EQ(Message(id, "trigger.alert"),
            "trigger.alert: nilainya tidak dikenal (cluster, shift, topic, rating, backlog atau "
            "capacity_proposal, atau nama detektornya)");
  EXPECT_EQ(Message(id, "actions[1].days"),
            "actions[1].days: di luar rentang yang diizinkan (-60 sampai 60, bukan 0)");
  EXPECT_EQ(Message(id, "actions[3].officers"),
            "actions[3].officers: di luar rentang yang diizinkan (1 sampai 1000)");
  ASSERT_EQ(en.status, 422) << en.body;
  EXPECT_EQ(Message(en, "trigger.alert"),
            "trigger.alert: has an unknown value (cluster, shift, topic, rating, backlog or "
            "capacity_proposal, or the detector's name)");
  EXPECT_EQ(Message(en, "actions[1].days"), "actions[1].days: is out of range (-60 to 60, not 0)");
  EXPECT_EQ(Message(en, "basis"),
            "basis: is required (the regulation, decree or decision the rule rests on)");
  ASSERT_EQ(since_id.status, 422) << since_id.body;
  EXPECT_EQ(Message(since_id, "since_days"),
            "since_days: di luar rentang yang diizinkan (1 sampai 3660)");
  EXPECT_EQ(Message(since_en, "since_days"), "since_days: is out of range (1 to 3660)");
}

// Regression: a dry run's `since_days` of the wrong type was named
// "since_days.since_days", with "(must be a number)" in an Indonesian answer.
TEST_F(RulesApi, ADryRunNamesAWronglyTypedMemberByItsName) {
  const auto since =
      S().Call("POST", "/api/v1/rules/try", Admin(), json{{"id", 1}, {"since_days", "x"}}.dump());
  const auto rule = S().Call("POST", "/api/v1/rules/try", Admin(), R"({"rule": 5})");
  const auto since_en =
      S().Call("POST", "/api/v1/rules/try", AdminEn(), json{{"id", 1}, {"since_days", "x"}}.dump());

  ASSERT_EQ(since.status, 422) << since.body;
  EXPECT_EQ(Fields(since), std::vector<std::string>{"since_days"});
  EXPECT_EQ(Message(since, "since_days"), "since_days: jenis nilainya salah (harus berupa angka)");
  EXPECT_EQ(Fields(rule), std::vector<std::string>{"rule"});
  EXPECT_EQ(Message(since_en, "since_days"), "since_days: has the wrong type (must be a number)");
}

// Regression: a save turned an enabled rule off without an audit entry
// saying so (README: every save is a new version, disabled until enabled).
TEST_F(RulesApi, SavingAnEnabledRuleAuditsThatItIsDisabled) {
  const json first = Save(Rule("Aktif lalu diubah"));
  const std::string path = "/api/v1/rules/" + std::to_string(first["id"].get<int64_t>());
  ASSERT_EQ(S().Call("POST", path + "/enable", Admin(), "").status, 200);

  const json second = Save(Rule("Aktif lalu diubah", 3));

  EXPECT_EQ(second["enabled"], false);
  ASSERT_EQ(second["audit"].size(), 4U) << second.dump();
  EXPECT_EQ(second["audit"][0]["action"], "saved");
  EXPECT_EQ(second["audit"][0]["version"], 2);
  EXPECT_EQ(second["audit"][1]["action"], "disabled");
  EXPECT_EQ(second["audit"][1]["version"], 1);
  EXPECT_EQ(second["audit"][1]["actor"], "user:admin.rl");
}

// Regression: disabling a disabled rule wrote a "disabled" entry.
TEST_F(RulesApi, DisablingADisabledRuleIsNotAudited) {
  const json saved = Save(Rule("Sudah nonaktif"));
  const std::string path = "/api/v1/rules/" + std::to_string(saved["id"].get<int64_t>());

  const auto off = S().Call("POST", path + "/disable", Admin(), "");

  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(Parse(off)["enabled"], false);
  ASSERT_EQ(Parse(off)["audit"].size(), 1U) << off.body;
  EXPECT_EQ(Parse(off)["audit"][0]["action"], "saved");
}

TEST_F(RulesApi, OnlyAdministratorsChangeThem) {
  const auto officer = S().Call("GET", "/api/v1/rules", S().Officer("petugas.rl"));
  const auto leader =
      S().Call("POST", "/api/v1/rules", S().Officer("pimpinan.rl"), Rule("Pimpinan").dump());
  const auto leader_tries =
      S().Call("POST", "/api/v1/rules/try", S().Officer("pimpinan.rl"), json{{"id", 1}}.dump());
  const auto leader_enables =
      S().Call("POST", "/api/v1/rules/1/enable", S().Officer("pimpinan.rl"), "");
  const auto nobody = S().Call("GET", "/api/v1/rules", {});
  const auto unknown = S().Call("GET", "/api/v1/rules/999999", Admin());
  const auto enable = S().Call("POST", "/api/v1/rules/999999/enable", Admin(), "");

  EXPECT_EQ(officer.status, 403);
  EXPECT_EQ(leader.status, 403);
  EXPECT_EQ(leader_tries.status, 403);
  EXPECT_EQ(leader_enables.status, 403);
  EXPECT_EQ(nobody.status, 401);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(enable.status, 404);
}

// Regression: a leader got 403 reading the rules that act on cases and
// address capacity proposals to leaders.
TEST_F(RulesApi, LeadersReadTheRulesAndTheirHistory) {
  const json saved = Save(Rule("Dibaca pimpinan"));
  const std::string path = "/api/v1/rules/" + std::to_string(saved["id"].get<int64_t>());

  const auto list = S().Call("GET", "/api/v1/rules", S().Officer("pimpinan.rl"));
  const auto one = S().Call("GET", path, S().Officer("pimpinan.rl"));

  ASSERT_EQ(list.status, 200) << list.body;
  bool listed = false;
  const json items = Parse(list)["items"];
  for (const auto& r : items) listed = listed || r["name"] == "Dibaca pimpinan";
  EXPECT_TRUE(listed) << list.body;
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(Parse(one)["basis"], "Perpres 76/2013 tentang Pengelolaan Pengaduan Pelayanan Publik");
  EXPECT_EQ(Parse(one)["versions"].size(), 1U);
}

// The dry run replays the history and writes nothing: every table that a
// rule's act or a save could touch has the same rows after it.
TEST_F(RulesApi, DryRunWritesNothingAndCountsWhatTheRuleWouldDo) {
  const json stored = Save(Rule("Uji coba tersimpan"));
  const std::string count_sql =
      "SELECT (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM case_events),"
      " (SELECT COUNT(*) FROM outbox), (SELECT COUNT(*) FROM policy_rules),"
      " (SELECT COUNT(*) FROM policy_rule_versions), (SELECT COUNT(*) FROM policy_rule_audit),"
      " (SELECT MAX(version) FROM cases)";
  const auto before = S().Sql(count_sql);
  const std::string complaints = S().Sql(
      "SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id"
      " WHERE e.kind = 'submitted' AND c.kind = 'complaint'")[0][0];

  const auto posted = S().Call("POST", "/api/v1/rules/try", Admin(),
                               json{{"rule", Rule("Belum disimpan")}, {"since_days", 3650}}.dump());
  const auto by_id = S().Call("POST", "/api/v1/rules/try", Admin(),
                              json{{"id", stored["id"]}, {"since_days", 3650}}.dump());

  ASSERT_EQ(posted.status, 200) << posted.body;
  const json report = Parse(posted);
  EXPECT_GT(report["events"].get<int64_t>(), 0);
  EXPECT_EQ(report["decisions"].get<int64_t>(), std::stoll(complaints));
  EXPECT_EQ(report["deadline_changes"].get<int64_t>(), std::stoll(complaints));
  EXPECT_EQ(report["by_action"]["adjust_deadline"].get<int64_t>(), std::stoll(complaints));
  ASSERT_EQ(by_id.status, 200) << by_id.body;
  EXPECT_EQ(Parse(by_id)["decisions"], report["decisions"]);
  EXPECT_EQ(Parse(by_id)["rule"]["version"], 1);
  EXPECT_EQ(S().Sql(count_sql), before);
}

TEST_F(RulesApi, DryRunErrorsNameTheField) {
  json bad = Rule("Uji salah");
  bad.erase("basis");

  const auto neither = S().Call("POST", "/api/v1/rules/try", Admin(), "{}");
  const auto both =
      S().Call("POST", "/api/v1/rules/try", Admin(), json{{"rule", Rule("Uji")}, {"id", 1}}.dump());
  const auto rule = S().Call("POST", "/api/v1/rules/try", Admin(), json{{"rule", bad}}.dump());
  const auto since = S().Call("POST", "/api/v1/rules/try", Admin(),
                              json{{"rule", Rule("Uji")}, {"since_days", 0}}.dump());

  EXPECT_EQ(neither.status, 422);
  EXPECT_EQ(Fields(neither), std::vector<std::string>{"rule"});
  // Regression: both said "rule: wajib diisi".
  EXPECT_EQ(both.status, 422);
  EXPECT_EQ(Fields(both), std::vector<std::string>{"id"});
  EXPECT_EQ(Code(both, "id"), "exclusive");
  EXPECT_NE(Message(both, "id").find("tidak keduanya"), std::string::npos) << both.body;
  EXPECT_EQ(rule.status, 422);
  EXPECT_EQ(Code(rule, "rule.basis"), "required") << rule.body;
  EXPECT_EQ(since.status, 422);
  EXPECT_EQ(Fields(since), std::vector<std::string>{"since_days"});
}

// `sigap rules` on the server's database: what the CLI saves the API shows,
// and the audit names the person at the terminal.
TEST_F(RulesApi, CliAddEnableDisableHistoryAgreeWithTheApi) {
  const std::string db = S().process().db_path().string();
  const auto file = S().process().dir() / "rentan_cli.toml";
  std::ofstream(file) << "name = \"Rentan lewat CLI\"\nbasis = \"UU 25/2009 pasal 29\"\n"
                         "[trigger]\nevent = \"submitted\"\n[[conditions]]\nfield = "
                         "\"vulnerable\"\nvalue = true\n[[actions]]\ntype = "
                         "\"raise_priority\"\nlevel = \"urgent\"\n";
  const auto bad = S().process().dir() / "tanpa_dasar_cli.json";
  std::ofstream(bad) << R"({"name": "Tanpa dasar CLI", "trigger": {"event": "submitted"},
    "actions": [{"type": "raise_priority", "level": "urgent"}]})";

  const RunResult added = RunSigap({"rules", "add", file.string(), "--enable", "--db", db});
  const RunResult refused = RunSigap({"rules", "add", bad.string(), "--db", db});
  const std::string id =
      S().Sql("SELECT id FROM policy_rules WHERE name = 'Rentan lewat CLI'")[0][0];
  const RunResult listed = RunSigap({"rules", "list", "--db", db});
  const RunResult shown = RunSigap({"rules", "show", id, "--db", db});
  const RunResult off = RunSigap({"rules", "disable", id, "--db", db});
  const RunResult history = RunSigap({"rules", "history", id, "--db", db});
  const RunResult unknown = RunSigap({"rules", "enable", "999999", "--db", db});
  const auto api = S().Call("GET", "/api/v1/rules/" + id, Admin());

  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.out.find("(aktif)"), std::string::npos) << added.out;
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("basis: required"), std::string::npos) << refused.err;
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find(id + "\tv1\taktif\tRentan lewat CLI\tUU 25/2009 pasal 29\n"),
            std::string::npos)
      << listed.out;
  EXPECT_NE(shown.out.find("Dasar: "), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("\"raise_priority\""), std::string::npos) << shown.out;
  EXPECT_EQ(off.exit_code, 0) << off.err;
  EXPECT_NE(history.out.find("\tdisabled v1"), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("\tenabled v1"), std::string::npos) << added.out << history.out;
  EXPECT_EQ(unknown.exit_code, 2);
  ASSERT_EQ(api.status, 200) << api.body;
  const json body = Parse(api);
  EXPECT_EQ(body["enabled"], false);
  ASSERT_EQ(body["audit"].size(), 3U);
  EXPECT_EQ(body["audit"][0]["actor"].get<std::string>().rfind("cli:", 0), 0U);
}

}  // namespace
}  // namespace sigap::integration
