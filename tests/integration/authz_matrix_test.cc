// Who may see and do what with a case, over real HTTP: every role × every
// case endpoint × case flavour (normal, anonymous, confidential) × the
// stage the case is in. The expectations are written here by hand from the
// access rules (UU 25/2009, UU 27/2022; README, domain/access.h):
//
// - verifiers see and verify every new case; a confidential case only the
//   verifier who handled it (any verifier while nobody has);
// - agency officers and heads see the cases disposed to their agency, as
//   lead or supporting agency, and act on them: the lead agency handles
//   (start, forward, request input, request info, assign: the head anyone,
//   an officer only themself), a supporting agency gives its input; both
//   write notes and public updates;
// - the leader reads every case but confidential ones; the auditor reads
//   cases and their events, internal notes included, never the reporter;
//   the admin reads non-confidential cases; none of the three acts;
// - confidential cases: only the reporter (by the reporter secret), the
//   verifier who handled it and the involved agencies;
// - the reporter's identity: of an anonymous case, only verifiers (and the
//   reporter); of other cases, verifiers, admins and the officers of the
//   lead agency (not of a supporting one); never leaders, auditors or the
//   public, never in a timeline, listing or action response;
// - internal notes: verifiers, auditors and officers of the involved
//   agencies.
//
// Every response body of every role without the right is searched for the
// reporter's name, phone, e-mail and NIK.
#include <gtest/gtest.h>

#include <array>
#include <iostream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "integration/lifecycle_server.h"

namespace sigap::integration {
namespace {

using nlohmann::json;
using test_support::HttpResponse;

enum class Role {
  kAdmin,
  kVerifier,           // verifikator: verifies and disposes every case of the matrix
  kOtherVerifier,      // verifikator2: handled none of them
  kLeadOfficer,        // petugas.dpu: DPU leads
  kUninvolvedOfficer,  // petugas.dishub
  kSupportingOfficer,  // petugas.perkim: DISPERKIM supports
  kLeadHead,           // kadis.dpu
  kLeader,             // walikota
  kAuditor,            // auditor
  kPublic,             // no credentials
  kReporter,           // X-Reporter-Secret of the case
};
constexpr size_t kRoleCount = 11;

// The index of an enumerator in the tables below.
template <typename E>
constexpr size_t At(E e) {
  return static_cast<size_t>(e);
}

constexpr std::array<const char*, kRoleCount> kRoleNames = {"admin",
                                                            "verifier",
                                                            "other verifier",
                                                            "lead officer",
                                                            "uninvolved officer",
                                                            "supporting officer",
                                                            "lead head",
                                                            "leader",
                                                            "auditor",
                                                            "public",
                                                            "reporter"};
constexpr std::array<const char*, kRoleCount> kUsernames = {"admin",
                                                            "verifikator",
                                                            "verifikator2",
                                                            "petugas.dpu",
                                                            "petugas.dishub",
                                                            "petugas.perkim",
                                                            "kadis.dpu",
                                                            "walikota",
                                                            "auditor",
                                                            "",
                                                            ""};

enum class Flavour { kNormal, kAnonymous, kConfidential };
constexpr size_t kFlavourCount = 3;
constexpr std::array<const char*, kFlavourCount> kFlavourNames = {"normal", "anonymous",
                                                                  "confidential"};

// Where the case stands: new; disposed to DPU with DISPERKIM supporting;
// waiting for the citizen after the lead asked; resolved by the lead.
enum class Stage { kReceived, kDisposed, kNeedsInfo, kResolved };
constexpr size_t kStageCount = 4;
constexpr std::array<const char*, kStageCount> kStageNames = {"received", "disposed", "needs_info",
                                                              "resolved"};

const std::array<ReporterIdentity, kFlavourCount> kReporters = {{
    {"Sulastri Terangwati", "081311110001", "sulastri.terang@contoh.id", "3374016001800001"},
    {"Wagiman Tanpanama", "081322220002", "wagiman.anonim@contoh.id", "3374016001800002"},
    {"Kartini Rahasiawati", "081333330003", "kartini.rahasia@contoh.id", "3374016001800003"},
}};

constexpr const char* kNote = "catatan-internal-matriks";

// Per role, per flavour (normal, anonymous, confidential), one character
// per stage (received, disposed, needs_info, resolved).
using Row = std::array<const char*, kFlavourCount>;

// What GET /cases/{code} and /timeline give: O the officer's view, P the
// public view, R the reporter's view, D refused (confidential).
constexpr std::array<Row, kRoleCount> kView = {{
    /* admin              */ {"OOOO", "OOOO", "DDDD"},
    /* verifier           */ {"OOOO", "OOOO", "OOOO"},
    /* other verifier     */ {"OOOO", "OOOO", "ODDD"},
    /* lead officer       */ {"POOO", "POOO", "DOOO"},
    /* uninvolved officer */ {"PPPP", "PPPP", "DDDD"},
    /* supporting officer */ {"POOO", "POOO", "DOOO"},
    /* lead head          */ {"POOO", "POOO", "DOOO"},
    /* leader             */ {"OOOO", "OOOO", "DDDD"},
    /* auditor            */ {"OOOO", "OOOO", "DDDD"},
    /* public             */ {"PPPP", "PPPP", "DDDD"},
    /* reporter           */ {"RRRR", "RRRR", "RRRR"},
}};

// Y: the reporter's name, phone, e-mail and NIK are in GET /cases/{code}.
constexpr std::array<Row, kRoleCount> kIdentity = {{
    /* admin              */ {"YYYY", "....", "...."},
    /* verifier           */ {"YYYY", "YYYY", "YYYY"},
    /* other verifier     */ {"YYYY", "YYYY", "Y..."},
    /* lead officer       */ {".YYY", "....", ".YYY"},
    /* uninvolved officer */ {"....", "....", "...."},
    /* supporting officer */ {"....", "....", "...."},
    /* lead head          */ {".YYY", "....", ".YYY"},
    /* leader             */ {"....", "....", "...."},
    /* auditor            */ {"....", "....", "...."},
    /* public             */ {"....", "....", "...."},
    /* reporter           */ {"YYYY", "YYYY", "YYYY"},
}};

// Y: the internal note is in GET /cases/{code} and /timeline.
constexpr std::array<Row, kRoleCount> kNotes = {{
    /* admin              */ {"....", "....", "...."},
    /* verifier           */ {"YYYY", "YYYY", "YYYY"},
    /* other verifier     */ {"YYYY", "YYYY", "Y..."},
    /* lead officer       */ {".YYY", ".YYY", ".YYY"},
    /* uninvolved officer */ {"....", "....", "...."},
    /* supporting officer */ {".YYY", ".YYY", ".YYY"},
    /* lead head          */ {".YYY", ".YYY", ".YYY"},
    /* leader             */ {"....", "....", "...."},
    /* auditor            */ {"YYYY", "YYYY", "...."},
    /* public             */ {"....", "....", "...."},
    /* reporter           */ {"....", "....", "...."},
}};

// Who may take an action the stage allows, when they may see the case.
// One character per role: admin, verifier, other verifier, lead officer,
// uninvolved officer, supporting officer, lead head, leader, auditor,
// public, reporter.
struct Permission {
  Stage stage;
  const char* action;
  const char* roles;
  bool changes_status;  // a success needs a fresh case
};
const std::vector<Permission> kPermissions = {
    {Stage::kReceived, "verify", ".YY........", true},
    {Stage::kReceived, "reject", ".YY........", true},
    {Stage::kReceived, "request_info", ".YY........", true},
    {Stage::kReceived, "merge", ".YY........", true},
    {Stage::kReceived, "note", ".YYY.YY....", false},
    {Stage::kReceived, "public_update", ".YYY.YY....", false},
    // A case's category (issue 8): a success leaves nothing to change.
    {Stage::kReceived, "categorize", "YYY........", true},
    {Stage::kDisposed, "start", "...Y..Y....", true},
    {Stage::kDisposed, "forward", ".YYY..Y....", true},
    {Stage::kDisposed, "request_info", ".YYY..Y....", true},
    {Stage::kDisposed, "merge", ".YY........", true},
    {Stage::kDisposed, "request_input", "...Y..Y....", false},
    {Stage::kDisposed, "provide_input", ".....Y.....", false},
    {Stage::kDisposed, "assign", "...Y..Y....",
     false},  // assigns petugas.dpu: the lead officer themself
    {Stage::kDisposed, "note", ".YYY.YY....", false},
    {Stage::kDisposed, "public_update", ".YYY.YY....", false},
    {Stage::kDisposed, "categorize", "YYYY..Y....", true},
    {Stage::kNeedsInfo, "provide_info", ".YY.......Y", true},
    {Stage::kNeedsInfo, "note", ".YYY.YY....", false},
    {Stage::kResolved, "close", ".YYY..Y...Y", true},
    {Stage::kResolved, "reopen", ".YY.......Y", true},
    {Stage::kResolved, "note", ".YYY.YY....", false},
    {Stage::kResolved, "public_update", ".YYY.YY....", false},
    {Stage::kResolved, "categorize", "YYYY..Y....", true},
};

// Where the server disagrees with the rules above today, reported to the
// owners of the code (see each reason). A listed disagreement is printed and
// tolerated; an unlisted one fails, and so does a listed one that no longer
// happens (remove it then), so this list stays exact.
struct KnownDisagreement {
  const char* pattern;  // regex over "role / flavour / stage / endpoint: what"
  std::array<bool, kFlavourCount> flavours;
  const char* reason;
};
const std::vector<KnownDisagreement> kKnownDisagreements = {};

class AuthzMatrix : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new LifecycleServer({
        {"verifikator2", "verifier", ""},
        {"petugas.dishub", "agency_officer", "DISHUB"},
        {"petugas.perkim", "agency_officer", "DISPERKIM"},
    });
    ASSERT_TRUE(server_->Start());
    survivor_ = server_->Submit(Complaint("mtxsurvivor", kReporters[At(Flavour::kNormal)]));
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  LifecycleServer& S() { return *server_; }

  http::Headers As(Role role, const Receipt& c) {
    if (role == Role::kPublic) return {};
    if (role == Role::kReporter) return LifecycleServer::Reporter(c.secret);
    return S().Officer(kUsernames[At(role)]);
  }

  // A case of `flavour` brought to `stage` by the verifier and DPU.
  Receipt Make(Flavour flavour, Stage stage, const std::string& marker) {
    Receipt c =
        S().Submit(Complaint(marker, kReporters[At(flavour)], flavour == Flavour::kAnonymous,
                             flavour == Flavour::kConfidential));
    if (stage == Stage::kReceived) return c;
    const auto verifier = S().Officer("verifikator");
    const auto dpu = S().Officer("petugas.dpu");
    S().Must(c.code, verifier, {{"action", "verify"}});
    S().Must(c.code, verifier,
             {{"action", "dispose"}, {"agency_code", "DPU"}, {"supporting", {"DISPERKIM"}}});
    if (stage == Stage::kNeedsInfo) {
      S().Must(c.code, dpu, {{"action", "request_info"}, {"text", "Mohon foto lokasi"}});
    } else if (stage == Stage::kResolved) {
      S().Must(c.code, dpu, {{"action", "start"}});
      S().Must(c.code, dpu, {{"action", "resolve"}, {"text", "Saluran sudah dibersihkan."}});
    }
    return c;
  }

  static json ActionBody(const std::string& action) {
    json body{{"action", action}};
    if (action == "reject") body["reason"] = "out_of_scope";
    if (action == "merge") body["into"] = survivor_.code;
    if (action == "forward") {
      body["agency_code"] = "DLH";
      body["reason"] = "Kewenangan DLH";
    }
    if (action == "request_input") body["agency_code"] = "DISPERKIM";
    if (action == "assign") body["assignee"] = "petugas.dpu";
    if (action == "reopen") body["reason"] = "Belum selesai";
    if (action == "categorize") body["category"] = "PEKERJAAN-UMUM-DAN-PENATAAN-RUANG.TAMAN";
    if (action == "request_info" || action == "provide_info" || action == "note" ||
        action == "public_update" || action == "request_input" || action == "provide_input") {
      body["text"] = "uji matriks";
    }
    return body;
  }

  void Mismatch(std::string what) { mismatches_.push_back(std::move(what)); }
  void Mismatch(std::initializer_list<std::string_view> parts) {
    std::string what;
    for (auto part : parts) what.append(part);
    mismatches_.push_back(std::move(what));
  }

  // Checks a body a role without the right to the identity received.
  void NoIdentity(const std::string& where, const std::string& body, Flavour flavour) {
    const std::string found = kReporters[At(flavour)].FoundIn(body);
    if (!found.empty()) Mismatch(where + ": leaks the reporter's \"" + found + "\"");
  }

  void CheckReads(Flavour flavour, Stage stage, const Receipt& c, const std::string& marker) {
    for (size_t r = 0; r < kRoleCount; ++r) {
      const auto role = static_cast<Role>(r);
      const std::string who = std::string(kRoleNames[At(role)]) + " / " +
                              kFlavourNames[At(flavour)] + " / " + kStageNames[At(stage)];
      const char view = kView[At(role)][At(flavour)][At(stage)];
      const bool identity = kIdentity[At(role)][At(flavour)][At(stage)] == 'Y';
      const bool notes = kNotes[At(role)][At(flavour)][At(stage)] == 'Y';
      const http::Headers headers = As(role, c);

      // GET /api/v1/cases/{code}
      const HttpResponse got = S().Call("GET", "/api/v1/cases/" + c.code, headers);
      const json body = json::parse(got.body, nullptr, false);
      const std::string where = who + " / GET case";
      if (view == 'D') {
        if (got.status != 403)
          Mismatch(where + ": expected 403, got " + std::to_string(got.status));
        if (got.body.find(marker) != std::string::npos) Mismatch(where + ": shows the title");
      } else if (got.status != 200 || !body.is_object()) {
        Mismatch(where + ": expected 200 (" + view + "), got " + std::to_string(got.status));
      } else {
        const bool officer_view = body.contains("handling");
        if (officer_view != (view == 'O')) {
          Mismatch(where + ": expected the " + (view == 'O' ? "officer's" : "non-officer") +
                   " view, got " + (officer_view ? "the officer's" : "another"));
        }
        if (view == 'P' && body.contains("reporter"))
          Mismatch(where + ": public view has reporter");
      }
      if (identity) {
        for (const std::string* v :
             {&kReporters[At(flavour)].name, &kReporters[At(flavour)].phone,
              &kReporters[At(flavour)].email, &kReporters[At(flavour)].nik}) {
          if (got.body.find(*v) == std::string::npos) {
            Mismatch(where + ": expected the reporter's identity, \"" + *v + "\" missing");
          }
        }
      } else {
        NoIdentity(where, got.body, flavour);
      }
      const bool has_note = got.body.find(kNote) != std::string::npos;
      if (has_note != notes) {
        Mismatch(where + (notes ? ": internal note missing" : ": shows the internal note"));
      }

      // GET /api/v1/cases/{code}/timeline
      const HttpResponse tl = S().Call("GET", "/api/v1/cases/" + c.code + "/timeline", headers);
      const json timeline = json::parse(tl.body, nullptr, false);
      const std::string twhere = who + " / GET timeline";
      if (view == 'D') {
        if (tl.status != 403) Mismatch(twhere + ": expected 403, got " + std::to_string(tl.status));
        if (tl.body.find(marker) != std::string::npos) Mismatch(twhere + ": shows the title");
      } else if (tl.status != 200 || !timeline.is_object()) {
        Mismatch(twhere + ": expected 200 (" + view + "), got " + std::to_string(tl.status));
      } else {
        const bool has_actions = timeline.contains("allowed_actions");
        if (has_actions != (view == 'O' || view == 'R')) {
          Mismatch(twhere + (has_actions ? ": lists allowed_actions to the public"
                                         : ": no allowed_actions"));
        }
        const std::string status = timeline.value("status", "");
        if (status != kStageNames[At(stage)]) Mismatch({twhere, ": status ", status});
      }
      NoIdentity(twhere, tl.body, flavour);  // events never carry the contact
      if ((tl.body.find(kNote) != std::string::npos) != notes) {
        Mismatch(twhere + (notes ? ": internal note missing" : ": shows the internal note"));
      }

      // GET /api/v1/cases (listing): the case is listed where the role has
      // the officer's view.
      const HttpResponse list = S().Call("GET", "/api/v1/cases?limit=50&q=" + marker, headers);
      const std::string lwhere = who + " / GET listing";
      if (role == Role::kPublic || role == Role::kReporter) {
        if (list.status != 401)
          Mismatch(lwhere + ": expected 401, got " + std::to_string(list.status));
      } else if (list.status != 200) {
        Mismatch(lwhere + ": expected 200, got " + std::to_string(list.status));
      } else {
        const bool listed = list.body.find(c.code) != std::string::npos;
        if (listed != (view == 'O')) {
          Mismatch(lwhere + (listed ? ": lists the case" : ": does not list the case"));
        }
      }
      NoIdentity(lwhere, list.body, flavour);  // listings never carry identities
    }
  }

  void CheckActions(Flavour flavour, Stage stage, const Receipt& base, const std::string& marker) {
    for (const auto& p : kPermissions) {
      if (p.stage != stage) continue;
      for (size_t r = 0; r < kRoleCount; ++r) {
        const auto role = static_cast<Role>(r);
        const std::string where = std::string(kRoleNames[At(role)]) + " / " +
                                  kFlavourNames[At(flavour)] + " / " + kStageNames[At(stage)] +
                                  " / POST " + p.action;
        const bool permitted = p.roles[At(role)] == 'Y';
        const char view = kView[At(role)][At(flavour)][At(stage)];
        const bool sees = view == 'O' || view == 'R';
        const bool succeeds = role != Role::kPublic && sees && permitted;
        // A success changes the case: take a fresh one of the same kind.
        const Receipt target = succeeds && p.changes_status
                                   ? Make(flavour, stage, "segar" + std::to_string(++fresh_))
                                   : base;
        const HttpResponse got = S().Act(target.code, As(role, target), ActionBody(p.action));
        const std::string status = std::to_string(got.status);
        if (role == Role::kPublic) {
          if (got.status != 401) Mismatch({where, ": expected 401, got ", status});
        } else if (succeeds) {
          if (got.status != 201) Mismatch({where, ": expected 201, got ", status, " ", got.body});
        } else if (sees) {
          if (got.status != 403) Mismatch({where, ": expected 403, got ", status});
        } else if (got.status != 403 && got.status != 404) {
          Mismatch({where, ": expected 403/404 (case not visible), got ", status});
        }
        if (!sees && flavour == Flavour::kConfidential &&
            got.body.find(marker) != std::string::npos) {
          Mismatch(where + ": shows the title");
        }
        NoIdentity(where, got.body, flavour);  // action responses never carry the contact
      }
    }
  }

  void RunMatrix(Flavour flavour) {
    for (size_t s = 0; s < kStageCount; ++s) {
      const auto stage = static_cast<Stage>(s);
      const std::string marker =
          std::string("mtx") + kFlavourNames[At(flavour)] + kStageNames[At(stage)];
      const std::string searchable = [&] {
        std::string m;
        for (char ch : marker) {
          if (ch != '_') m.push_back(ch);
        }
        return m;
      }();
      const Receipt base = Make(flavour, stage, searchable);
      S().Must(base.code, S().Officer("verifikator"), {{"action", "note"}, {"text", kNote}});
      CheckReads(flavour, stage, base, searchable);
      CheckActions(flavour, stage, base, searchable);
    }
    // Nor what Sigap writes about cases besides the contact itself: the
    // events (the audit trail) and the outbox messages.
    for (const char* sql : {"SELECT payload FROM case_events", "SELECT payload FROM outbox"}) {
      for (const auto& row : S().Sql(sql))
        NoIdentity(std::string("stored: ") + sql, row[0], flavour);
    }
    std::string unexpected;
    std::vector<int> seen(kKnownDisagreements.size(), 0);
    for (const auto& m : mismatches_) {
      bool known = false;
      for (size_t k = 0; k < kKnownDisagreements.size(); ++k) {
        if (kKnownDisagreements[k].flavours[At(flavour)] &&
            std::regex_search(m, std::regex(kKnownDisagreements[k].pattern))) {
          known = true;
          ++seen[k];
        }
      }
      if (known) {
        std::cout << "[ KNOWN    ] " << m << "\n";
      } else {
        unexpected += "\n  " + m;
      }
    }
    EXPECT_TRUE(unexpected.empty()) << "disagreements with the access rules:" << unexpected;
    for (size_t k = 0; k < kKnownDisagreements.size(); ++k) {
      if (!kKnownDisagreements[k].flavours[At(flavour)]) continue;
      EXPECT_GT(seen[k], 0) << "no longer happens, remove it from kKnownDisagreements: "
                            << kKnownDisagreements[k].pattern;
      if (seen[k] > 0) {
        std::cout << "[ KNOWN    ] " << seen[k]
                  << " of the above: " << kKnownDisagreements[k].reason << "\n";
      }
    }
  }

  static LifecycleServer* server_;
  static Receipt survivor_;
  static int fresh_;
  std::vector<std::string> mismatches_;
};

LifecycleServer* AuthzMatrix::server_ = nullptr;
Receipt AuthzMatrix::survivor_;
int AuthzMatrix::fresh_ = 0;

TEST_F(AuthzMatrix, NormalCase) { RunMatrix(Flavour::kNormal); }

TEST_F(AuthzMatrix, AnonymousCase) { RunMatrix(Flavour::kAnonymous); }

TEST_F(AuthzMatrix, ConfidentialCase) { RunMatrix(Flavour::kConfidential); }

}  // namespace
}  // namespace sigap::integration
