// The case lifecycle over real HTTP: every transition and every illegal one,
// the paused clock, reopening, merging, the deadline sweep (escalation and
// auto-close), If-Match and concurrent actions, and the reporter acting with
// the reporter secret. One `sigap serve` with the demo Pemda for the suite.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <latch>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "domain/time.h"
#include "integration/lifecycle_server.h"
#include "integration/test_calendar.h"

namespace sigap::integration {
namespace {

using nlohmann::json;
using std::chrono::sys_days;
using test_support::HttpResponse;

constexpr int64_t kMinute = 60'000'000;  // microseconds
constexpr int64_t kDay = int64_t{24} * 60 * kMinute;

const ReporterIdentity kSri{"Sri Lifecycle Rahayu", "081234509876", "sri.lifecycle@contoh.id",
                            "3374014101900007"};

// Every action a client may post (the sweep's escalate/auto_close are not).
const std::vector<std::string> kActions = {
    "verify",        "reject",        "request_info",  "provide_info", "dispose",   "forward",
    "request_input", "provide_input", "assign",        "start",        "resolve",   "close",
    "reopen",        "note",          "public_update", "merge",        "categorize"};

// What each status allows, whoever asks (the lifecycle of the issue).
// "rejected" is a rejection for any reason but incomplete.
const std::map<std::string, std::vector<std::string>> kAllowed = {
    {"received",
     {"verify", "reject", "request_info", "merge", "note", "public_update", "categorize"}},
    {"verified",
     {"dispose", "reject", "request_info", "merge", "note", "public_update", "categorize"}},
    {"needs_info", {"provide_info", "reject", "merge", "note", "public_update", "categorize"}},
    {"rejected_incomplete", {"provide_info", "note"}},
    {"rejected", {"note"}},
    {"disposed",
     {"start", "forward", "request_input", "provide_input", "assign", "request_info", "merge",
      "note", "public_update", "categorize"}},
    {"in_progress",
     {"resolve", "forward", "request_input", "provide_input", "assign", "request_info", "merge",
      "note", "public_update", "categorize"}},
    {"resolved", {"close", "reopen", "note", "public_update", "categorize"}},
    {"closed", {"reopen", "note"}},
    {"merged", {}},
};

json Parse(const HttpResponse& r) {
  json j = json::parse(r.body, nullptr, false);
  return j.is_discarded() ? json::object() : j;
}

// The field names of a problem's errors[].
std::set<std::string> ErrorFields(const HttpResponse& r) {
  std::set<std::string> fields;
  const json p = Parse(r);
  if (p.contains("errors")) {
    for (const auto& e : p["errors"]) fields.insert(e.value("field", ""));
  }
  return fields;
}

std::string ErrorCodeOf(const HttpResponse& r, const std::string& field) {
  const json p = Parse(r);
  if (p.contains("errors")) {
    for (const auto& e : p["errors"]) {
      if (e.value("field", "") == field) return e.value("code", "");
    }
  }
  return "";
}

// A due_at of the API ("2026-12-04T16:59:59.999Z", the end of a WIB day) as
// its local date.
sys_days DueDateOf(const json& deadline) {
  if (!deadline.contains("due_at") || !deadline["due_at"].is_string()) {
    ADD_FAILURE() << "no due_at in " << deadline.dump();
    return sys_days{};
  }
  return TestCalendar::LocalDate(MicrosOf(deadline["due_at"].get<std::string>()));
}

// The time of the last event of `kind` in a timeline or action response.
int64_t EventMicros(const json& body, const std::string& kind) {
  int64_t at = 0;
  for (const auto& e : body["events"]) {
    if (e.value("kind", "") == kind) at = MicrosOf(e.value("at", ""));
  }
  EXPECT_NE(at, 0) << "no " << kind << " event in " << body.dump();
  return at;
}

const json* LastEvent(const json& timeline, const std::string& kind) {
  const json* found = nullptr;
  for (const auto& e : timeline["events"]) {
    if (e.value("kind", "") == kind) found = &e;
  }
  return found;
}

class Lifecycle : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new LifecycleServer({
        {"petugas2.dpu", "agency_officer", "DPU"},
        {"petugas.dishub", "agency_officer", "DISHUB"},
        {"petugas.perkim", "agency_officer", "DISPERKIM"},
        {"verifikator2", "verifier", ""},
        {"pimpinan.uji", "leader", ""},
    });
    ASSERT_TRUE(server_->Start());
    calendar_.Load(*server_);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  LifecycleServer& S() { return *server_; }
  http::Headers Verifier() { return S().Officer("verifikator"); }
  http::Headers Dpu() { return S().Officer("petugas.dpu"); }
  http::Headers DpuHead() { return S().Officer("kadis.dpu"); }
  http::Headers Dishub() { return S().Officer("petugas.dishub"); }
  http::Headers Perkim() { return S().Officer("petugas.perkim"); }

  Receipt New(const std::string& marker = "lifecycle") {
    return S().Submit(Complaint(marker, kSri));
  }

  void ToVerified(const Receipt& c) { S().Must(c.code, Verifier(), {{"action", "verify"}}); }
  void ToDisposed(const Receipt& c) {
    ToVerified(c);
    S().Must(c.code, Verifier(),
             {{"action", "dispose"}, {"agency_code", "DPU"}, {"supporting", {"DISPERKIM"}}});
  }
  void ToInProgress(const Receipt& c) {
    ToDisposed(c);
    S().Must(c.code, Dpu(), {{"action", "start"}});
  }
  void ToResolved(const Receipt& c) {
    ToInProgress(c);
    S().Must(c.code, Dpu(), {{"action", "resolve"}, {"text", "Saluran sudah dibersihkan."}});
  }

  // For `status` (a key of kAllowed), posts every action it does not allow
  // and expects 409 naming the current status and the actions the caller
  // may take (what its timeline offers it), and no change to the case.
  void ExpectOnlyAllowed(const std::string& code, const std::string& status) {
    SCOPED_TRACE("status " + status);
    const std::string shown = status.starts_with("rejected") ? "rejected" : status;
    const json before = S().Timeline(code, Verifier());
    ASSERT_EQ(before.value("status", ""), shown);
    const auto& allowed = kAllowed.at(status);
    for (const auto& action : kActions) {
      if (std::find(allowed.begin(), allowed.end(), action) != allowed.end()) continue;
      auto r = S().Act(code, Verifier(), {{"action", action}, {"text", "uji"}, {"reason", "uji"}});
      ASSERT_EQ(r.status, 409) << action << ": " << r.body;
      EXPECT_EQ(r.Header("Content-Type"), "application/problem+json");
      const json problem = Parse(r);
      EXPECT_EQ(problem.value("current_status", ""), shown) << action;
      EXPECT_EQ(SortedStrings(problem["allowed_actions"]), SortedStrings(before["allowed_actions"]))
          << action;
    }
    EXPECT_EQ(S().Timeline(code, Verifier())["version"], before["version"]);
  }

  static LifecycleServer* server_;
  static TestCalendar calendar_;
};

LifecycleServer* Lifecycle::server_ = nullptr;
TestCalendar Lifecycle::calendar_;

TEST_F(Lifecycle, EveryStatusAllowsOnlyItsActionsAlongTheWholeWay) {
  const Receipt c = New();
  ExpectOnlyAllowed(c.code, "received");
  EXPECT_EQ(S().Timeline(c.code, Verifier())["deadline"]["stage"], "verification");

  S().Must(c.code, Verifier(), {{"action", "request_info"}, {"text", "Mohon foto lokasi"}});
  ExpectOnlyAllowed(c.code, "needs_info");
  S().Must(c.code, Verifier(), {{"action", "provide_info"}, {"text", "Foto lewat telepon"}});
  EXPECT_EQ(S().Timeline(c.code, Verifier())["status"], "received");

  const json verified = S().Must(c.code, Verifier(), {{"action", "verify"}});
  EXPECT_EQ(verified["status"], "verified");
  ExpectOnlyAllowed(c.code, "verified");

  // Disposal: an agency is required, the lead is not its own supporter,
  // codes must exist.
  auto no_agency = S().Act(c.code, Verifier(), {{"action", "dispose"}});
  EXPECT_EQ(no_agency.status, 422);
  EXPECT_TRUE(ErrorFields(no_agency).contains("agency_code")) << no_agency.body;
  auto self_support = S().Act(
      c.code, Verifier(), {{"action", "dispose"}, {"agency_code", "DPU"}, {"supporting", {"DPU"}}});
  EXPECT_EQ(self_support.status, 422);
  EXPECT_TRUE(ErrorFields(self_support).contains("supporting")) << self_support.body;
  auto unknown = S().Act(c.code, Verifier(), {{"action", "dispose"}, {"agency_code", "NOPE"}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(ErrorCodeOf(unknown, "agency_code"), "unknown") << unknown.body;
  const json disposed =
      S().Must(c.code, Verifier(),
               {{"action", "dispose"}, {"agency_code", "DPU"}, {"supporting", {"DISPERKIM"}}});
  EXPECT_EQ(disposed["status"], "disposed");
  EXPECT_EQ(disposed["deadline"]["stage"], "follow_up");
  EXPECT_EQ(disposed["events"][0]["kind"], "disposed");
  EXPECT_EQ(disposed["events"][0]["payload"]["agency_code"], "DPU");
  ExpectOnlyAllowed(c.code, "disposed");

  // Assignment: an officer takes the case, only the head assigns others.
  const json taken = S().Must(c.code, Dpu(), {{"action", "assign"}, {"assignee", "petugas.dpu"}});
  EXPECT_EQ(taken["events"][0]["kind"], "assigned");
  EXPECT_EQ(S().Act(c.code, Dpu(), {{"action", "assign"}, {"assignee", "petugas2.dpu"}}).status,
            403);
  auto outsider =
      S().Act(c.code, DpuHead(), {{"action", "assign"}, {"assignee", "petugas.dishub"}});
  EXPECT_EQ(outsider.status, 422);
  EXPECT_TRUE(ErrorFields(outsider).contains("assignee")) << outsider.body;
  S().Must(c.code, DpuHead(), {{"action", "assign"}, {"assignee", "petugas2.dpu"}});

  // Joint handling: the lead (here a system with an API key) asks a new
  // supporting agency; only a supporting agency answers.
  const json asked = S().Must(
      c.code, S().ApiKey(),
      {{"action", "request_input"}, {"agency_code", "DISHUB"}, {"text", "Jadwal penyedotan?"}});
  EXPECT_EQ(asked["events"][0]["actor"], "apikey:sistem.dpu");
  EXPECT_EQ(S().Act(c.code, DpuHead(), {{"action", "provide_input"}, {"text", "x"}}).status, 403);
  S().Must(c.code, Dishub(), {{"action", "provide_input"}, {"text", "Kamis pagi"}});
  S().Must(c.code, Perkim(), {{"action", "note"}, {"text", "Perumahan sudah dihubungi"}});
  S().Must(
      c.code, Dpu(),
      {{"action", "public_update"}, {"text", "Tim dijadwalkan Kamis, Pak Budi 0812-3456-7890"}});
  EXPECT_EQ(S().Act(c.code, Perkim(), {{"action", "start"}}).status, 403);  // supporting

  const json started = S().Must(c.code, Dpu(), {{"action", "start"}});
  EXPECT_EQ(started["status"], "in_progress");
  EXPECT_EQ(started["deadline"]["stage"], "resolution");
  ExpectOnlyAllowed(c.code, "in_progress");

  auto no_text = S().Act(c.code, Dpu(), {{"action", "resolve"}});
  EXPECT_EQ(no_text.status, 422);
  EXPECT_TRUE(ErrorFields(no_text).contains("text"));
  const json resolved = S().Must(c.code, Dpu(),
                                 {{"action", "resolve"},
                                  {"text", "Saluran sudah dibersihkan."},
                                  {"attachments", {"sesudah.jpg"}}});
  EXPECT_EQ(resolved["status"], "resolved");
  EXPECT_EQ(resolved["deadline"]["stage"], "auto_close");
  EXPECT_TRUE(resolved["deadline"].contains("reopen_until")) << resolved.dump();
  EXPECT_EQ(resolved["events"][0]["payload"]["attachments"],
            json::parse(R"([{"name":"sesudah.jpg"}])"));
  ExpectOnlyAllowed(c.code, "resolved");

  // The reporter accepts the answer.
  const json closed = S().Must(c.code, LifecycleServer::Reporter(c.secret), {{"action", "close"}});
  EXPECT_EQ(closed["status"], "closed");
  EXPECT_EQ(closed["events"][0]["actor"], "citizen");
  EXPECT_TRUE(closed["deadline"]["stage"].is_null());
  ExpectOnlyAllowed(c.code, "closed");

  // Within the window a verifier reopens a closed case.
  const json reopened =
      S().Must(c.code, Verifier(), {{"action", "reopen"}, {"reason", "Saluran tersumbat lagi"}});
  EXPECT_EQ(reopened["status"], "in_progress");
  EXPECT_EQ(reopened["deadline"]["stage"], "resolution");

  const json timeline = S().Timeline(c.code, Verifier());
  EXPECT_EQ(EventKinds(timeline),
            (std::vector<std::string>{"submitted", "info_requested", "info_provided", "verified",
                                      "disposed", "assigned", "assigned", "input_requested",
                                      "input_provided", "note", "public_update", "started",
                                      "resolved", "closed", "reopened"}));
  // The public sees the public steps only, and who acted by kind.
  const json pub = S().Timeline(c.code);
  EXPECT_EQ(EventKinds(pub),
            (std::vector<std::string>{"submitted", "info_requested", "info_provided", "verified",
                                      "disposed", "public_update", "started", "resolved", "closed",
                                      "reopened"}));
  for (const auto& e : pub["events"]) {
    const std::string actor = e.value("actor", "");
    EXPECT_TRUE(actor == "citizen" || actor == "officer" || actor == "system") << actor;
  }
  EXPECT_FALSE(pub.contains("allowed_actions"));
  // The reporter's answer to the question may name people: the officers and
  // the reporter read it, the public sees that it came.
  const auto answer = [](const json& t) {
    for (const auto& e : t["events"]) {
      if (e["kind"] == "info_provided") return e["payload"].value("text", "");
    }
    return std::string("(none)");
  };
  EXPECT_EQ(answer(timeline), "Foto lewat telepon");
  EXPECT_EQ(answer(S().Timeline(c.code, LifecycleServer::Reporter(c.secret))),
            "Foto lewat telepon");
  EXPECT_EQ(answer(pub), "");
  EXPECT_EQ(S().Timeline(c.code).dump().find("Foto lewat telepon"), std::string::npos);
  // An officer's words to the citizen: the public reads them masked, the
  // reporter and the officers as written.
  const auto update = [](const json& t) {
    for (const auto& e : t["events"]) {
      if (e["kind"] == "public_update") return e["payload"].value("text", "");
    }
    return std::string("(none)");
  };
  EXPECT_EQ(update(pub), "Tim dijadwalkan Kamis, Pak Budi [disamarkan]");
  EXPECT_EQ(update(timeline), "Tim dijadwalkan Kamis, Pak Budi 0812-3456-7890");
  EXPECT_EQ(update(S().Timeline(c.code, LifecycleServer::Reporter(c.secret))),
            "Tim dijadwalkan Kamis, Pak Budi 0812-3456-7890");
}

TEST_F(Lifecycle, ForwardingHandsTheCaseToAnotherLeadAgency) {
  const Receipt c = New();
  ToDisposed(c);

  auto no_reason = S().Act(c.code, Dpu(), {{"action", "forward"}, {"agency_code", "DISHUB"}});
  auto same =
      S().Act(c.code, Dpu(), {{"action", "forward"}, {"agency_code", "DPU"}, {"reason", "salah"}});
  const json forwarded = S().Must(
      c.code, Dpu(),
      {{"action", "forward"}, {"agency_code", "DISHUB"}, {"reason", "Gorong-gorong jalan raya"}});

  EXPECT_EQ(no_reason.status, 422);
  EXPECT_TRUE(ErrorFields(no_reason).contains("reason")) << no_reason.body;
  EXPECT_EQ(same.status, 422);
  EXPECT_EQ(ErrorCodeOf(same, "agency_code"), "same_agency") << same.body;
  EXPECT_EQ(forwarded["status"], "disposed");
  EXPECT_EQ(forwarded["events"][0]["kind"], "forwarded");
  EXPECT_EQ(forwarded["events"][0]["payload"]["from"], "DPU");
  // DPU lost the case; DISHUB leads it now. A verifier may forward too.
  EXPECT_EQ(S().Act(c.code, Dpu(), {{"action", "start"}}).status, 403);
  EXPECT_EQ(S().Must(c.code, Dishub(), {{"action", "start"}})["status"], "in_progress");
  const json back =
      S().Must(c.code, Verifier(),
               {{"action", "forward"}, {"agency_code", "DPU"}, {"reason", "Kewenangan DPU"}});
  EXPECT_EQ(back["status"], "disposed");
}

TEST_F(Lifecycle, RequestingInfoPausesTheClockAndSameDayAnswerKeepsTheDueDate) {
  const Receipt c = New();
  const json before = S().Timeline(c.code, Verifier());
  ASSERT_EQ(before["deadline"]["state"], "on_track") << before.dump();

  const json asked =
      S().Must(c.code, Verifier(), {{"action", "request_info"}, {"text", "Mohon foto lokasi"}});
  const auto paused =
      S().Sql("SELECT next_check_at FROM cases WHERE tracking_code = '" + c.code + "'");
  const json answered = S().Must(c.code, LifecycleServer::Reporter(c.secret),
                                 {{"action", "provide_info"}, {"text", "Foto terlampir"}});

  EXPECT_EQ(asked["status"], "needs_info");
  EXPECT_EQ(asked["deadline"]["state"], "paused");
  EXPECT_EQ(asked["deadline"]["paused"], true);
  EXPECT_EQ(asked["deadline"]["due_at"], before["deadline"]["due_at"]);
  ASSERT_EQ(paused.size(), 1u);
  EXPECT_EQ(paused[0][0], "") << "the sweep must not look at a paused case";
  EXPECT_EQ(answered["status"], "received");
  EXPECT_EQ(answered["deadline"]["paused"], false);
  EXPECT_EQ(answered["events"][0]["actor"], "citizen");
  EXPECT_EQ(answered["events"][0]["payload"]["clock"], "resumed");
  // Paused and resumed with no working day in between (both events on the
  // same WIB day, or across days off): the due date does not move.
  const sys_days expected = calendar_.AddWorkingDays(
      DueDateOf(before["deadline"]),
      calendar_.WorkingDaysBetween(
          TestCalendar::LocalDate(EventMicros(asked, "info_requested")),
          TestCalendar::LocalDate(EventMicros(answered, "info_provided"))));
  EXPECT_EQ(DayText(DueDateOf(answered["deadline"])), DayText(expected));
}

TEST_F(Lifecycle, ResumingMovesTheDeadlineByTheWorkingDaysThePauseLasted) {
  const Receipt c = New();
  ToDisposed(c);
  const json before = S().Timeline(c.code, Dpu());
  S().Must(c.code, Dpu(), {{"action", "request_info"}, {"text", "Alamat lengkap?"}});
  // The citizen answers a week later: the pause started 7 days earlier.
  S().Sql("UPDATE cases SET paused_at = paused_at - " + std::to_string(7 * kDay) +
          " WHERE tracking_code = '" + c.code + "'");
  const int64_t paused_at = std::stoll(
      S().Sql("SELECT paused_at FROM cases WHERE tracking_code = '" + c.code + "'")[0][0]);

  const json answered =
      S().Must(c.code, Verifier(), {{"action", "provide_info"}, {"text", "Jl. Pemuda 12 RT 3"}});

  EXPECT_EQ(answered["status"], "disposed");  // back where it was
  EXPECT_EQ(answered["deadline"]["stage"], "follow_up");
  EXPECT_EQ(answered["deadline"]["paused"], false);
  // Moved by the working days after the day the clock stopped, up to and
  // including the day it restarted (a week: five, fewer any day off).
  const int stood_still =
      calendar_.WorkingDaysBetween(TestCalendar::LocalDate(paused_at),
                                   TestCalendar::LocalDate(EventMicros(answered, "info_provided")));
  EXPECT_GE(stood_still, 1);
  EXPECT_EQ(DayText(DueDateOf(answered["deadline"])),
            DayText(calendar_.AddWorkingDays(DueDateOf(before["deadline"]), stood_still)));
  EXPECT_EQ(answered["events"][0]["payload"]["due_at"], answered["deadline"]["due_at"]);
}

TEST_F(Lifecycle, IncompleteReportCompletedByTheReporterIsVerifiedAnew) {
  const Receipt c = New();
  auto bad_reason = S().Act(c.code, Verifier(), {{"action", "reject"}, {"reason", "boring"}});
  EXPECT_EQ(bad_reason.status, 422);
  EXPECT_EQ(ErrorCodeOf(bad_reason, "reason"), "invalid_value") << bad_reason.body;
  // A misspelt member is named, and the case is not rejected without it.
  auto misspelt = S().Act(c.code, Verifier(), {{"action", "reject"}, {"alasan", "incomplete"}});
  EXPECT_EQ(misspelt.status, 422);
  EXPECT_EQ(ErrorCodeOf(misspelt, "alasan"), "unknown_field") << misspelt.body;
  const json rejected =
      S().Must(c.code, Verifier(), {{"action", "reject"}, {"reason", "incomplete"}});
  EXPECT_TRUE(rejected["deadline"]["stage"].is_null());
  ExpectOnlyAllowed(c.code, "rejected_incomplete");
  const json reporter_view = S().Timeline(c.code, LifecycleServer::Reporter(c.secret));
  EXPECT_EQ(SortedStrings(reporter_view["allowed_actions"]),
            std::vector<std::string>{"provide_info"});

  const json completed = S().Must(c.code, LifecycleServer::Reporter(c.secret),
                                  {{"action", "provide_info"}, {"text", "Lokasi: depan SD 2"}});

  EXPECT_EQ(completed["status"], "received");
  EXPECT_EQ(completed["events"][0]["payload"]["completed"], true);
  EXPECT_EQ(completed["deadline"]["stage"], "verification");
  // A fresh verification deadline of 3 working days from the completion.
  EXPECT_EQ(DayText(DueDateOf(completed["deadline"])),
            DayText(calendar_.DueDate(EventMicros(completed, "info_provided"), 3)));
}

TEST_F(Lifecycle, RejectingAsDuplicateNamesTheSurvivor) {
  const Receipt survivor = New();
  const Receipt copy = New();

  auto without = S().Act(copy.code, Verifier(), {{"action", "reject"}, {"reason", "duplicate"}});
  const json rejected =
      S().Must(copy.code, Verifier(),
               {{"action", "reject"}, {"reason", "duplicate"}, {"into", survivor.code}});

  EXPECT_EQ(without.status, 422);
  EXPECT_TRUE(ErrorFields(without).contains("into")) << without.body;
  EXPECT_EQ(rejected["status"], "rejected");
  const json pub = S().Timeline(copy.code);
  const json* event = LastEvent(pub, "rejected");
  ASSERT_NE(event, nullptr) << pub.dump();
  EXPECT_EQ((*event)["payload"]["reason"], "duplicate");
  EXPECT_EQ((*event)["payload"]["duplicate_of"], survivor.code);
  ExpectOnlyAllowed(copy.code, "rejected");
  // Rejected for any other reason (from received, verified or needs_info):
  // nothing but notes either.
  for (const char* reason : {"out_of_scope", "abusive"}) {
    SCOPED_TRACE(reason);
    const Receipt c = New();
    ToVerified(c);
    S().Must(c.code, Verifier(), {{"action", "request_info"}, {"text", "Lokasi tepatnya?"}});
    const json r = S().Must(c.code, Verifier(), {{"action", "reject"}, {"reason", reason}});
    EXPECT_EQ(r["status"], "rejected");
    EXPECT_EQ(r["deadline"]["paused"], false);
    ExpectOnlyAllowed(c.code, "rejected");
    EXPECT_EQ(S().Act(c.code, LifecycleServer::Reporter(c.secret),
                      {{"action", "provide_info"}, {"text", "x"}})
                  .status,
              409);
  }
}

TEST_F(Lifecycle, ProvidedInfoReturnsTheCaseToTheStatusItWasAskedIn) {
  const Receipt verified = New();
  ToVerified(verified);
  const Receipt handled = New();
  ToInProgress(handled);

  auto no_text = S().Act(verified.code, Verifier(), {{"action", "request_info"}});
  S().Must(verified.code, Verifier(), {{"action", "request_info"}, {"text", "RT/RW?"}});
  const json back = S().Must(verified.code, LifecycleServer::Reporter(verified.secret),
                             {{"action", "provide_info"}, {"text", "RT 3 RW 2"}});
  const json asked = S().Must(handled.code, Dpu(), {{"action", "request_info"}, {"text", "Foto?"}});
  EXPECT_EQ(S().Act(handled.code, Dpu(), {{"action", "resolve"}, {"text", "x"}}).status, 409);
  const json resumed = S().Must(handled.code, LifecycleServer::Reporter(handled.secret),
                                {{"action", "provide_info"}, {"text", "Terlampir"}});

  EXPECT_EQ(no_text.status, 422);
  EXPECT_TRUE(ErrorFields(no_text).contains("text")) << no_text.body;
  EXPECT_EQ(back["status"], "verified");
  EXPECT_EQ(asked["status"], "needs_info");
  EXPECT_EQ(resumed["status"], "in_progress");
  EXPECT_EQ(resumed["deadline"]["stage"], "resolution");
  EXPECT_EQ(SortedStrings(resumed["allowed_actions"]), std::vector<std::string>{});
}

TEST_F(Lifecycle, MergedCaseFollowsTheSurvivor) {
  const Receipt survivor = New();
  ToVerified(survivor);
  const Receipt copy = New();
  const Receipt other = New();

  auto itself = S().Act(copy.code, Verifier(), {{"action", "merge"}, {"into", copy.code}});
  auto unknown = S().Act(copy.code, Verifier(), {{"action", "merge"}, {"into", "ZZZZZZZZZZ"}});
  auto by_agency = S().Act(survivor.code, Dpu(), {{"action", "merge"}, {"into", other.code}});
  const json merged =
      S().Must(copy.code, Verifier(), {{"action", "merge"}, {"into", survivor.code}});

  EXPECT_EQ(itself.status, 422);
  EXPECT_EQ(ErrorCodeOf(itself, "into"), "same_case") << itself.body;
  EXPECT_EQ(unknown.status, 422);
  EXPECT_TRUE(ErrorFields(unknown).contains("into")) << unknown.body;
  EXPECT_EQ(by_agency.status, 403);  // not disposed to DPU, and only verifiers merge
  EXPECT_EQ(merged["status"], "merged");
  EXPECT_EQ(merged["allowed_actions"], json::array());
  EXPECT_TRUE(merged["deadline"]["stage"].is_null());
  // The merged case's public timeline points to the survivor.
  const json pub = S().Timeline(copy.code);
  EXPECT_EQ(pub["status"], "merged");
  const json* event = LastEvent(pub, "merged");
  ASSERT_NE(event, nullptr) << pub.dump();
  EXPECT_EQ((*event)["payload"]["into"], survivor.code);
  // The survivor records what joined it, for officers only.
  const json joined = S().Timeline(survivor.code, Verifier());
  event = LastEvent(joined, "merged_in");
  ASSERT_NE(event, nullptr) << joined.dump();
  EXPECT_EQ((*event)["payload"]["from"], copy.code);
  EXPECT_EQ(LastEvent(S().Timeline(survivor.code), "merged_in"), nullptr);
  EXPECT_EQ(S().Timeline(survivor.code, Verifier())["status"], "verified");
  ExpectOnlyAllowed(copy.code, "merged");
  // Nothing merges into a merged case.
  auto into_merged = S().Act(other.code, Verifier(), {{"action", "merge"}, {"into", copy.code}});
  EXPECT_EQ(into_merged.status, 422);
  EXPECT_EQ(ErrorCodeOf(into_merged, "into"), "not_open") << into_merged.body;
}

TEST_F(Lifecycle, ReporterReopensWithinTheWindowButNotAfterIt) {
  const Receipt c = New();
  ToResolved(c);
  const json resolved = S().Timeline(c.code, LifecycleServer::Reporter(c.secret));
  EXPECT_EQ(SortedStrings(resolved["allowed_actions"]),
            (std::vector<std::string>{"close", "reopen"}));
  // The window: 10 working days from the resolution.
  EXPECT_EQ(DayText(TestCalendar::LocalDate(
                MicrosOf(resolved["deadline"]["reopen_until"].get<std::string>()))),
            DayText(calendar_.DueDate(EventMicros(resolved, "resolved"), 10)));

  auto no_reason = S().Act(c.code, LifecycleServer::Reporter(c.secret), {{"action", "reopen"}});
  const json reopened = S().Must(c.code, LifecycleServer::Reporter(c.secret),
                                 {{"action", "reopen"}, {"reason", "Masih tergenang"}});
  S().Must(c.code, Dpu(), {{"action", "resolve"}, {"text", "Dibersihkan ulang."}});
  S().Sql("UPDATE cases SET reopen_until = " + std::to_string(NowMicros() - kMinute) +
          " WHERE tracking_code = '" + c.code + "'");
  auto late = S().Act(c.code, LifecycleServer::Reporter(c.secret),
                      {{"action", "reopen"}, {"reason", "Tergenang lagi"}});
  auto late_verifier =
      S().Act(c.code, Verifier(), {{"action", "reopen"}, {"reason", "Tergenang lagi"}});

  EXPECT_EQ(no_reason.status, 422);
  EXPECT_TRUE(ErrorFields(no_reason).contains("reason")) << no_reason.body;
  EXPECT_EQ(reopened["status"], "in_progress");
  EXPECT_EQ(reopened["events"][0]["actor"], "citizen");
  EXPECT_EQ(late.status, 422);
  EXPECT_EQ(ErrorCodeOf(late, "reason"), "window_passed") << late.body;
  EXPECT_EQ(late_verifier.status, 422);
  EXPECT_EQ(ErrorCodeOf(late_verifier, "reason"), "window_passed") << late_verifier.body;
  EXPECT_EQ(S().Timeline(c.code, Verifier())["status"], "resolved");
  // Past the window, neither the reporter's page nor the verifier's offers
  // a reopening that would be refused.
  EXPECT_EQ(
      SortedStrings(S().Timeline(c.code, LifecycleServer::Reporter(c.secret))["allowed_actions"]),
      (std::vector<std::string>{"close"}));
  const json verifiers = S().Timeline(c.code, Verifier());
  for (const auto& action : verifiers["allowed_actions"]) EXPECT_NE(action, "reopen");
}

// Who may not act at all is refused before the input is looked up: an
// auditor naming an assignee got 422 "unknown" for anyone outside the lead
// agency and 403 for anyone in it, learning who works where.
// A search must not confirm who wrote a report to whom may not know it:
// the agency searching an anonymous reporter's name or number found the
// case whose words it reads as "[disamarkan]". The verifier, who may know
// the reporter, still finds it so; anyone finds it by its other words.
TEST_F(Lifecycle, ASearchDoesNotFindACaseByWordsMaskedForTheSearcher) {
  json body = Complaint("cariinisamar", kSri, /*anonymous=*/true);
  body["description"] = "Saya Sri Lifecycle Rahayu, HP 0812 7777 1234, saluran meluap di gang.";
  const Receipt c = S().Submit(body);
  ToDisposed(c);
  const auto found = [&](const http::Headers& who, const std::string& q) {
    const json page = Parse(S().Call("GET", "/api/v1/cases?q=" + q, who));
    for (const auto& item : page.value("items", json::array())) {
      if (item.value("tracking_code", "") == c.code) return true;
    }
    return false;
  };
  ASSERT_TRUE(LifecycleServer::WaitFor([&] { return found(Verifier(), "cariinisamar"); }));

  EXPECT_TRUE(found(Verifier(), "Rahayu"));
  EXPECT_TRUE(found(Dpu(), "cariinisamar"));
  EXPECT_FALSE(found(Dpu(), "Rahayu"));
  EXPECT_FALSE(found(Dpu(), "0812%207777%201234"));
  EXPECT_FALSE(found(S().Officer("auditor"), "Lifecycle"));
}

TEST_F(Lifecycle, ARoleThatMayNotActIsRefusedWhateverItNames) {
  const Receipt c = New();
  ToDisposed(c);
  for (const char* assignee : {"petugas.dpu", "petugas.dishub", "tidak.ada"}) {
    const auto tried =
        S().Act(c.code, S().Officer("auditor"), {{"action", "assign"}, {"assignee", assignee}});
    EXPECT_EQ(tried.status, 403) << assignee << ": " << tried.body;
  }
  const auto forward =
      S().Act(c.code, S().Officer("walikota"),
              {{"action", "forward"}, {"agency_code", "TIDAKADA"}, {"reason", "x"}});
  EXPECT_EQ(forward.status, 403) << forward.body;
}

TEST_F(Lifecycle, ReporterActsOnlyWithTheRightSecret) {
  const Receipt c = New();
  S().Must(c.code, Verifier(), {{"action", "request_info"}, {"text", "Nomor rumah?"}});
  const Receipt other = New();

  auto nobody = S().Act(c.code, {}, {{"action", "provide_info"}, {"text", "No. 12"}});
  auto wrong = S().Act(c.code, LifecycleServer::Reporter("0000000000000000000000000A"),
                       {{"action", "provide_info"}, {"text", "No. 12"}});
  auto others = S().Act(c.code, LifecycleServer::Reporter(other.secret),
                        {{"action", "provide_info"}, {"text", "No. 12"}});
  auto verify =
      S().Act(other.code, LifecycleServer::Reporter(other.secret), {{"action", "verify"}});
  const json view = S().Timeline(c.code, LifecycleServer::Reporter(c.secret));
  const json answered = S().Must(c.code, LifecycleServer::Reporter(c.secret),
                                 {{"action", "provide_info"}, {"text", "No. 12"}});

  EXPECT_EQ(nobody.status, 401);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(Parse(wrong).value("type", ""), "/problems/unauthenticated") << wrong.body;
  EXPECT_EQ(others.status, 401);
  EXPECT_EQ(verify.status, 403);
  EXPECT_EQ(SortedStrings(view["allowed_actions"]), std::vector<std::string>{"provide_info"});
  EXPECT_EQ(answered["status"], "received");
  EXPECT_EQ(S().Timeline(c.code, Verifier())["version"], answered["version"]);
}

TEST_F(Lifecycle, ActionsThatAreNotTheClientsAreRejectedAsInput) {
  const Receipt c = New();

  auto escalate = S().Act(c.code, Verifier(), {{"action", "escalate"}});
  auto auto_close = S().Act(c.code, Verifier(), {{"action", "auto_close"}});
  auto unknown = S().Act(c.code, Verifier(), {{"action", "approve"}});
  auto missing = S().Act(c.code, Verifier(), {{"text", "x"}});
  auto unknown_case = S().Act("ZZZZZZZZZZ", Verifier(), {{"action", "verify"}});

  for (const auto* r : {&escalate, &auto_close, &unknown, &missing}) {
    EXPECT_EQ(r->status, 422) << r->body;
    EXPECT_TRUE(ErrorFields(*r).contains("action")) << r->body;
  }
  EXPECT_EQ(unknown_case.status, 404);
}

TEST_F(Lifecycle, IfMatchRefusesAStaleVersionAndAcceptsTheCurrentOne) {
  const Receipt c = New();
  ToDisposed(c);
  auto get = S().Call("GET", "/api/v1/cases/" + c.code, Dpu());
  ASSERT_EQ(get.status, 200);
  const std::string etag(get.Header("ETag").value_or(""));
  const int64_t version = Parse(get)["version"];
  ASSERT_FALSE(etag.empty());

  auto stale = S().Act(c.code, Dpu(), {{"action", "note"}, {"text", "a"}},
                       "\"" + std::to_string(version - 1) + "\"");
  auto current = S().Act(c.code, Dpu(), {{"action", "note"}, {"text", "b"}}, etag);
  auto replayed = S().Act(c.code, Dpu(), {{"action", "note"}, {"text", "c"}}, etag);
  auto bare =
      S().Act(c.code, Dpu(), {{"action", "start"}}, "\"" + std::to_string(version + 1) + "\"");
  auto malformed = S().Act(c.code, Dpu(), {{"action", "note"}, {"text", "d"}}, "\"vone\"");

  EXPECT_EQ(stale.status, 412) << stale.body;
  EXPECT_EQ(stale.Header("Content-Type"), "application/problem+json");
  ASSERT_EQ(current.status, 201) << current.body;
  EXPECT_EQ(Parse(current)["version"], version + 1);
  EXPECT_NE(current.Header("ETag").value_or(""), etag);
  EXPECT_EQ(replayed.status, 412) << replayed.body;
  ASSERT_EQ(bare.status, 201) << bare.body;
  EXPECT_EQ(Parse(bare)["status"], "in_progress");
  EXPECT_EQ(malformed.status, 422);
  EXPECT_TRUE(ErrorFields(malformed).contains("If-Match")) << malformed.body;
  EXPECT_EQ(S().Timeline(c.code, Dpu())["version"], version + 2);
}

TEST_F(Lifecycle, ConcurrentConflictingActionsOnOneVersionNeverBothSucceed) {
  const http::Headers dpu = Dpu();
  const http::Headers verifier = Verifier();
  for (int round = 0; round < 6; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const Receipt c = New();
    ToDisposed(c);
    auto get = S().Call("GET", "/api/v1/cases/" + c.code, dpu);
    const std::string etag(get.Header("ETag").value_or(""));
    ASSERT_FALSE(etag.empty());
    const int64_t version = Parse(get)["version"];

    HttpResponse start, forward;
    std::latch go(2);
    std::thread a([&] {
      go.arrive_and_wait();
      start = S().Act(c.code, dpu, {{"action", "start"}}, etag);
    });
    std::thread b([&] {
      go.arrive_and_wait();
      forward = S().Act(
          c.code, verifier,
          {{"action", "forward"}, {"agency_code", "DISHUB"}, {"reason", "Jalan nasional"}}, etag);
    });
    a.join();
    b.join();

    const int successes = (start.status == 201) + (forward.status == 201);
    EXPECT_EQ(successes, 1) << "start " << start.status << " " << start.body << "; forward "
                            << forward.status << " " << forward.body;
    // The loser's version is stale (412). A start that lost to the forward
    // may also be refused because DPU no longer has the case (403): RFC 9110
    // evaluates preconditions only where the request would otherwise succeed.
    if (forward.status != 201) {
      EXPECT_TRUE(forward.status == 412 || forward.status == 409) << forward.body;
    }
    if (start.status != 201) {
      EXPECT_TRUE(start.status == 412 || start.status == 409 || start.status == 403) << start.body;
    }
    const json after = S().Timeline(c.code, verifier);
    EXPECT_EQ(after["version"], version + 1);
    EXPECT_EQ(after["status"], start.status == 201 ? "in_progress" : "disposed");
  }
}

// The queue sorted by deadline: overdue first, then the nearest running
// deadline, and cases with none running (resolved: the citizen's wait to
// close, not the agency's) last; pages follow with an opaque cursor.
TEST_F(Lifecycle, QueueSortedByDeadlinePutsOverdueFirstAndNoDeadlineLast) {
  const std::string marker = "urutan-tenggat-" + std::to_string(NowMicros());
  const Receipt later = New(marker), overdue = New(marker), soon = New(marker), done = New(marker);
  const Receipt tie = New(marker), done_later = New(marker);
  ToResolved(done);
  ToResolved(done_later);
  auto due = [&](const Receipt& c, int64_t micros) {
    S().Sql("UPDATE cases SET due_at = " + std::to_string(micros) + " WHERE tracking_code = '" +
            c.code + "'");
  };
  const int64_t now = NowMicros();
  due(later, now + 5 * 24 * 3600 * 1'000'000LL);
  due(overdue, now - 3600 * 1'000'000LL);
  due(soon, now + 24 * 3600 * 1'000'000LL);
  due(tie, now + 24 * 3600 * 1'000'000LL);  // as `soon`: the newer first
  due(done, now - 2 * 3600 * 1'000'000LL);  // its auto-close wait: not a running deadline

  const std::string list = "/api/v1/cases?q=" + marker + "&sort=deadline";
  const json all = Parse(S().Call("GET", list, Verifier()));
  std::vector<std::string> order;
  for (const auto& c : all["items"]) order.push_back(c["tracking_code"]);
  auto first = S().Call("GET", list + "&limit=1", Verifier());
  const std::string cursor = Parse(first).value("next_cursor", "");
  auto second = S().Call("GET", list + "&limit=1&cursor=" + cursor, Verifier());
  auto mixed = S().Call("GET", "/api/v1/cases?limit=1&cursor=" + cursor, Verifier());
  auto bogus = S().Call("GET", "/api/v1/cases?sort=tenggat", Verifier());

  // One case a page, to the end: the same order, each case once.
  std::vector<std::string> paged;
  std::string next;
  for (int page = 0; page < 10; ++page) {
    const auto r =
        S().Call("GET", list + "&limit=1" + (next.empty() ? "" : "&cursor=" + next), Verifier());
    ASSERT_EQ(r.status, 200) << r.body;
    const json body = Parse(r);
    for (const auto& c : body["items"]) paged.push_back(c["tracking_code"]);
    if (body["next_cursor"].is_null()) break;
    next = body["next_cursor"];
  }

  EXPECT_EQ(order, (std::vector<std::string>{overdue.code, tie.code, soon.code, later.code,
                                             done_later.code, done.code}))
      << all.dump();
  EXPECT_EQ(paged, order);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Parse(first)["items"][0]["tracking_code"], overdue.code);
  ASSERT_FALSE(cursor.empty());
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(Parse(second)["items"][0]["tracking_code"], tie.code);
  EXPECT_EQ(mixed.status, 422);
  EXPECT_EQ(ErrorFields(mixed), std::set<std::string>{"cursor"}) << mixed.body;
  EXPECT_EQ(bogus.status, 422);
  EXPECT_EQ(ErrorFields(bogus), std::set<std::string>{"sort"}) << bogus.body;
}

// A filter naming what the Pemda lacks (another Pemda's kelurahan, agency
// or service, a typo) is a mistake to name, not an empty answer.
TEST_F(Lifecycle, FiltersNamingWhatThePemdaLacksAreRefused) {
  const http::Headers leader = S().Officer("pimpinan.uji");
  const auto region = S().Call("GET", "/api/v1/cases?region=33.22.18", Verifier());
  const auto kecamatan = S().Call("GET", "/api/v1/cases?region=33.74.01", Verifier());
  const auto whole = S().Call("GET", "/api/v1/cases?region=33.74", Verifier());
  const auto alerts = S().Call("GET", "/api/v1/alerts?agency=DPUPR&category=PU-JEMBATAN", leader);
  const auto known = S().Call("GET", "/api/v1/alerts?agency=DPU&category=PU-DRAINASE", leader);
  const auto ratings = S().Call("GET", "/api/v1/ratings/summary?agency=DPUPR", leader);

  EXPECT_EQ(region.status, 422) << region.body;
  EXPECT_EQ(ErrorFields(region), std::set<std::string>{"region"});
  EXPECT_EQ(kecamatan.status, 200) << kecamatan.body;
  EXPECT_EQ(whole.status, 200) << whole.body;
  EXPECT_EQ(alerts.status, 422) << alerts.body;
  EXPECT_EQ(ErrorFields(alerts), (std::set<std::string>{"agency", "category"}));
  EXPECT_EQ(known.status, 200) << known.body;
  EXPECT_EQ(ratings.status, 422) << ratings.body;
  EXPECT_EQ(ErrorFields(ratings), std::set<std::string>{"agency"});
}

TEST_F(Lifecycle, SweepClosesAResolvedCaseWhenTheAutoCloseDeadlinePasses) {
  const Receipt c = New();
  ToResolved(c);
  const std::string past = std::to_string(NowMicros() - kMinute);

  S().Sql("UPDATE cases SET due_at = " + past + ", next_check_at = " + past +
          " WHERE tracking_code = '" + c.code + "'");
  const bool closed = LifecycleServer::WaitFor(
      [&] { return S().Timeline(c.code, Verifier()).value("status", "") == "closed"; });

  ASSERT_TRUE(closed) << S().Timeline(c.code, Verifier()).dump();
  const json timeline = S().Timeline(c.code, Verifier());
  const json* event = LastEvent(timeline, "closed");
  ASSERT_NE(event, nullptr);
  EXPECT_EQ((*event)["actor"], "system");
  EXPECT_EQ((*event)["payload"]["auto"], true);
  EXPECT_EQ(EventKinds(timeline).back(), "closed");
  EXPECT_TRUE(timeline["deadline"]["stage"].is_null());
  const json pub = S().Timeline(c.code);
  const json* public_event = LastEvent(pub, "closed");
  ASSERT_NE(public_event, nullptr) << pub.dump();
  EXPECT_EQ((*public_event)["payload"]["auto"], true);
  // Closed once: later sweeps find nothing to do.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(S().Timeline(c.code, Verifier())["version"], timeline["version"]);
}

TEST_F(Lifecycle, SweepEscalatesDueSoonThenOverdueThenToTheInspectorate) {
  const Receipt verifying = New();  // verification stage: the verifiers' deadline
  const Receipt handling = New();   // follow-up stage: the lead agency's deadline
  ToDisposed(handling);
  const std::string codes = "('" + verifying.code + "', '" + handling.code + "')";
  auto level_reached = [&](int level) {
    return LifecycleServer::WaitFor([&] {
      for (const auto* c : {&verifying, &handling}) {
        if (S().Timeline(c->code, Verifier())["deadline"].value("escalation_level", 0) < level) {
          return false;
        }
      }
      return true;
    });
  };
  auto state_of = [&](const Receipt& c) {
    return S().Timeline(c.code, Verifier())["deadline"].value("state", "");
  };
  const auto us = [](int64_t v) { return std::to_string(v); };

  // 1. The due-soon mark has passed, the deadline has not.
  int64_t now = NowMicros();
  S().Sql("UPDATE cases SET due_soon_at = " + us(now - kMinute) +
          ", next_check_at = " + us(now - kMinute) + " WHERE tracking_code IN " + codes);
  ASSERT_TRUE(level_reached(1));
  EXPECT_EQ(state_of(verifying), "due_soon");
  EXPECT_EQ(state_of(handling), "due_soon");
  // 2. The deadline has passed.
  now = NowMicros();
  S().Sql("UPDATE cases SET due_soon_at = " + us(now - 2 * kMinute) +
          ", due_at = " + us(now - kMinute) + ", next_check_at = " + us(now - kMinute) +
          " WHERE tracking_code IN " + codes);
  ASSERT_TRUE(level_reached(2));
  EXPECT_EQ(state_of(verifying), "overdue");
  EXPECT_EQ(state_of(handling), "overdue");
  // The inspectorate hears of it at the end of the 3rd working day after
  // the due date (sla.inspectorate_after_days), not before.
  for (const auto* c : {&verifying, &handling}) {
    const auto row =
        S().Sql("SELECT due_at, next_check_at FROM cases WHERE tracking_code = '" + c->code + "'");
    ASSERT_EQ(row.size(), 1u);
    ASSERT_FALSE(row[0][1].empty());
    const sys_days due = TestCalendar::LocalDate(std::stoll(row[0][0]));
    EXPECT_EQ(DayText(TestCalendar::LocalDate(std::stoll(row[0][1]))),
              DayText(calendar_.AddWorkingDays(due, 3)));
    EXPECT_GT(std::stoll(row[0][1]), NowMicros());
  }
  // 3. Overdue for a month: far beyond inspectorate_after_days.
  now = NowMicros();
  S().Sql("UPDATE cases SET due_soon_at = " + us(now - 31 * kDay) +
          ", due_at = " + us(now - 30 * kDay) + ", next_check_at = " + us(now - kMinute) +
          " WHERE tracking_code IN " + codes);
  ASSERT_TRUE(level_reached(3));

  const std::vector<std::pair<const Receipt*, std::vector<std::string>>> expected = {
      {&verifying, {"verifiers", "verifiers", "inspectorate"}},
      {&handling, {"agency:DPU", "agency_head:DPU", "inspectorate"}},
  };
  for (const auto& [c, audiences] : expected) {
    SCOPED_TRACE(c->code);
    std::vector<json> escalations;
    const json timeline = S().Timeline(c->code, Verifier());
    for (const auto& e : timeline["events"]) {
      if (e["kind"] == "escalated") escalations.push_back(e);
    }
    ASSERT_EQ(escalations.size(), 3u) << timeline.dump();
    const char* rules[] = {"due_soon:handler", "overdue:agency_head", "overdue+3:inspectorate"};
    for (size_t i = 0; i < 3; ++i) {
      EXPECT_EQ(escalations[i]["payload"]["level"], i + 1);
      EXPECT_EQ(escalations[i]["payload"]["rule"], rules[i]);
      EXPECT_EQ(escalations[i]["payload"]["to"], audiences[i]);
      EXPECT_EQ(escalations[i]["actor"], "system");
    }
    const auto rows = S().Sql(
        "SELECT o.audience FROM outbox o JOIN cases c ON c.id = o.case_id WHERE "
        "c.tracking_code = '" +
        c->code + "' AND o.channel = 'email' AND o.template = 'escalated' ORDER BY o.id");
    std::vector<std::string> outbox;
    outbox.reserve(rows.size());
    for (const auto& row : rows) outbox.push_back(row[0]);
    EXPECT_EQ(outbox, audiences);
    if (c == &handling) {
      // The e-mails name the agency, not its code (they had said "DPU").
      for (const auto& row : S().Sql("SELECT o.payload FROM outbox o JOIN cases c ON c.id = "
                                     "o.case_id WHERE c.tracking_code = '" +
                                     c->code + "' AND o.template = 'escalated'")) {
        EXPECT_EQ(json::parse(row[0]).value("agency_name", ""), "Dinas Pekerjaan Umum") << row[0];
      }
    }
    EXPECT_EQ(LastEvent(S().Timeline(c->code), "escalated"), nullptr) << "escalations are internal";
    EXPECT_EQ(
        S().Sql("SELECT next_check_at FROM cases WHERE tracking_code = '" + c->code + "'")[0][0],
        "")
        << "nothing left to escalate";
  }
}

}  // namespace
// A citizen who files in English (the portal sends the language its user
// chose) is written to in English about their case; one who files in
// Bahasa Indonesia, as most do, in Bahasa Indonesia; officers' e-mails stay
// as they were.
TEST_F(Lifecycle, TheReporterIsWrittenToInTheLanguageTheyFiledIn) {
  auto english = S().Call("POST", "/api/v1/cases", {{"Accept-Language", "en-GB,en;q=0.9"}},
                          Complaint("english", kSri).dump());
  ASSERT_EQ(english.status, 201) << english.body;
  const std::string english_code = json::parse(english.body)["tracking_code"];
  const Receipt indonesian = New("bahasa");
  for (const std::string& code : {english_code, indonesian.code}) {
    S().Must(code, Verifier(), {{"action", "verify"}});
    S().Must(code, Verifier(), {{"action", "dispose"}, {"agency_code", "DPU"}});
  }
  const auto langs = [&](const std::string& code, const std::string& audience) {
    std::vector<std::string> out;
    for (const auto& row : S().Sql("SELECT o.payload FROM outbox o JOIN cases c ON c.id = "
                                   "o.case_id WHERE c.tracking_code = '" +
                                   code + "' AND o.channel = 'email' AND o.audience " + audience +
                                   " ORDER BY o.id")) {
      out.push_back(json::parse(row[0]).value("lang", ""));
    }
    return out;
  };

  const auto english_reporter = langs(english_code, "= 'reporter'");
  ASSERT_FALSE(english_reporter.empty());
  for (const auto& lang : english_reporter) EXPECT_EQ(lang, "en");
  const auto indonesian_reporter = langs(indonesian.code, "= 'reporter'");
  ASSERT_FALSE(indonesian_reporter.empty());
  for (const auto& lang : indonesian_reporter) EXPECT_EQ(lang, "");
  for (const auto& lang : langs(english_code, "<> 'reporter'")) EXPECT_EQ(lang, "");
}

// A day off declared after deadlines were counted moves those it falls in
// (a revised decree, a regional holiday), and taking it back moves them
// back; each move is an internal event on the case.
TEST_F(Lifecycle, ADayOffDeclaredLaterMovesTheDeadlinesItFallsIn) {
  const Receipt c = New("kalender");
  // Micros of an instant in WIB.
  const auto wib = [](int day, int hour, int minute, int second) {
    using namespace std::chrono;
    const sys_days date{year{2026} / November / day};
    return duration_cast<microseconds>(
               (date + hours(hour) + minutes(minute) + seconds(second) - hours(7))
                   .time_since_epoch())
               .count() +
           (second == 59 ? 999999 : 0);
  };
  // The verification stage began on Tuesday 3 November 2026 at 09:00: due
  // on Friday 6 November (4, 5, 6), at the end of the day.
  S().Sql("UPDATE cases SET stage_started_at = " + std::to_string(wib(3, 9, 0, 0)) +
          ", due_at = " + std::to_string(wib(6, 23, 59, 59)) +
          ", due_soon_at = NULL WHERE tracking_code = '" + c.code + "'");
  const auto due = [&] {
    return std::stoll(
        S().Sql("SELECT due_at FROM cases WHERE tracking_code = '" + c.code + "'")[0][0]);
  };
  const auto admin = S().Officer("admin");

  auto added = S().Call("POST", "/api/v1/calendar/days", admin,
                        R"({"date": "2026-11-05", "name": "Libur banjir", "kind": "regional"})");
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_GE(json::parse(added.body).value("deadlines_moved", 0), 1) << added.body;
  EXPECT_EQ(due(), wib(9, 23, 59, 59));  // Monday 9 November
  const json officers = S().Timeline(c.code, Verifier());
  const json* moved = LastEvent(officers, "deadline_adjusted");
  ASSERT_NE(moved, nullptr) << officers.dump();
  EXPECT_EQ((*moved)["payload"]["reason"], "calendar");
  const json pub = S().Timeline(c.code);
  EXPECT_EQ(LastEvent(pub, "deadline_adjusted"), nullptr);  // internal

  auto removed = S().Call("DELETE", "/api/v1/calendar/days/2026-11-05", admin);
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_GE(json::parse(removed.body).value("deadlines_moved", 0), 1) << removed.body;
  EXPECT_EQ(due(), wib(6, 23, 59, 59));
}

}  // namespace sigap::integration
