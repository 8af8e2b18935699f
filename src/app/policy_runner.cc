#include "app/policy_runner.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "app/policy_history.h"
#include "domain/lifecycle.h"
#include "domain/time.h"
#include "domain/working_calendar.h"

namespace sigap::app {

namespace {

using nlohmann::json;

// A rule's basis at the end of a sentence, without a full stop of its own.
std::string BasisInSentence(const std::string& basis) {
  const auto end = basis.find_last_not_of(" \t\r\n.");
  return end == std::string::npos ? std::string() : basis.substr(0, end + 1);
}

// Who proposed or opened something, in a sentence for people outside the
// rules' screen (a leader, a citizen): the rule by its name and version and
// the regulation it rests on, rather than the timeline's note.
std::string ByRule(const adapt::PolicyRule& rule) {
  return "aturan kebijakan \"" + rule.name + "\" (versi " + std::to_string(rule.version) +
         "), berdasarkan " + BasisInSentence(rule.basis);
}

std::string ByRuleEn(const adapt::PolicyRule& rule) {
  return "the policy rule \"" + rule.name + "\" (version " + std::to_string(rule.version) +
         "), on the basis of " + BasisInSentence(rule.basis);
}

json ParsePayload(const std::string& text) {
  json payload = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return payload.is_object() ? payload : json::object();
}

std::string_view EventKindOf(adapt::ActionKind kind) {
  switch (kind) {
    case adapt::ActionKind::kRaisePriority:
      return domain::event_kind::kPriorityRaised;
    case adapt::ActionKind::kEscalate:
      return domain::event_kind::kEscalated;
    case adapt::ActionKind::kAddSupportingAgency:
      return domain::event_kind::kAgencyAdded;
    case adapt::ActionKind::kNotify:
      return domain::event_kind::kNotified;
    case adapt::ActionKind::kAdjustDeadline:
      return domain::event_kind::kDeadlineAdjusted;
    case adapt::ActionKind::kOpenTemporaryService:
    case adapt::ActionKind::kProposeCapacity:
      break;
  }
  return {};
}

domain::RuleAct ActOf(const adapt::PolicyAction& a) {
  domain::RuleAct act;
  switch (a.kind) {
    case adapt::ActionKind::kRaisePriority:
      act.kind = domain::RuleAct::Kind::kRaisePriority;
      act.level = a.level == "urgent" ? 2 : 1;
      break;
    case adapt::ActionKind::kEscalate:
      act.kind = domain::RuleAct::Kind::kEscalate;
      act.target = a.target;
      break;
    case adapt::ActionKind::kAddSupportingAgency:
      act.kind = domain::RuleAct::Kind::kAddSupportingAgency;
      act.target = a.target;
      break;
    case adapt::ActionKind::kNotify:
      act.kind = domain::RuleAct::Kind::kNotify;
      act.target = a.target;
      break;
    case adapt::ActionKind::kAdjustDeadline:
      act.kind = domain::RuleAct::Kind::kAdjustDeadline;
      act.stage = std::string(adapt::ToString(a.stage));
      act.days = a.days;
      break;
    case adapt::ActionKind::kOpenTemporaryService:
    case adapt::ActionKind::kProposeCapacity:
      break;
  }
  return act;
}

// Whether `events` hold the act already: the same rule, cause, kind and
// action of the rule, written by an earlier run that stopped before saving its place.
bool AlreadyActed(const std::vector<domain::CaseEvent>& events, std::string_view kind,
                  int64_t rule_id, int64_t cause, const domain::RuleAct& act) {
  for (const auto& e : events) {
    if (e.kind != kind || e.actor != "system") continue;
    const json p = ParsePayload(e.payload_json);
    if (p.value("rule_id", int64_t{0}) != rule_id || p.value("cause_event", int64_t{0}) != cause ||
        p.value("action", int64_t{0}) != act.action_index)
      continue;
    return true;
  }
  return false;
}

}  // namespace

struct PolicyRunner::Pass {
  const domain::Pemda& pemda;
  Timestamp now;
  PemdaRun& run;
  store::PolicyRunState state;
  PolicyRunReport report;
  std::shared_ptr<const domain::WorkingCalendar> calendar;
};

Status PolicyRunner::Refresh(const domain::Pemda& pemda, PemdaRun& run) {
  auto rules = book_.EnabledRules(pemda.id);
  if (!rules) return Fail(rules.error());
  std::string signature;
  for (const auto& r : *rules) {
    signature += std::to_string(r.id) + "v" + std::to_string(r.version) + ";";
  }
  if (run.engine && signature == run.signature) return {};
  // A new rule set starts with fresh rate-limit windows.
  run.rules.clear();
  for (const auto& r : *rules) run.rules.emplace(r.id, r);
  run.engine = std::make_unique<adapt::PolicyEngine>(std::move(*rules), limits_);
  run.signature = std::move(signature);
  spdlog::info("policy rules of {}: {} enabled", pemda.code, run.rules.size());
  return {};
}

Result<PolicyRunReport> PolicyRunner::RunOnce(const domain::Pemda& pemda, Timestamp now,
                                              int limit) {
  std::lock_guard lock(mutex_);
  PemdaRun& run = runs_[pemda.id];
  if (auto refreshed = Refresh(pemda, run); !refreshed) return Fail(refreshed.error());
  auto state = store_.LoadPolicyRun(pemda.id);
  if (!state) return Fail(state.error());
  auto calendar = calendars_.For(pemda);
  if (!calendar) return Fail(calendar.error());
  Pass pass{pemda, now, run, std::move(*state), {}, *calendar};
  pass.report.killed = pass.state.killed;
  run.engine->set_kill_switch(pass.state.killed);
  const bool listening = !run.rules.empty() && !pass.state.killed;

  // Case events, in the order they were committed.
  auto events = store_.ListEventsAfter(pemda.id, pass.state.last_event_id, limit);
  if (!events) return Fail(events.error());
  CaseTargets targets(store_, pemda.id, workflow_.policy());
  for (const auto& ev : *events) {
    ++pass.report.events;
    if (listening) {
      auto c = store_.FindCase(pemda.id, ev.case_id);
      if (!c) return Fail(c.error());
      for (const auto& pe : PolicyEventsOf(*c, ev, targets.For(*c))) {
        Evaluate(pass, pe, ev.id, {ev.case_id});
      }
    }
    pass.state.last_event_id = ev.id;
  }

  // New alerts, oldest first.
  store::AlertFilter filter;
  filter.limit = 200;
  auto alerts = store_.ListAlerts(pemda.id, filter);
  if (!alerts) return Fail(alerts.error());
  std::vector<const store::StoredAlert*> fresh;
  for (const auto& a : alerts->alerts) {
    if (a.id > pass.state.last_alert_id) fresh.push_back(&a);
  }
  std::sort(fresh.begin(), fresh.end(), [](auto* a, auto* b) { return a->id < b->id; });
  for (const auto* a : fresh) {
    ++pass.report.events;
    if (listening) {
      for (const auto& pe : AlertPolicyEvents(*a, now)) Evaluate(pass, pe, -a->id, pe.cases);
    }
    pass.state.last_alert_id = a->id;
  }

  // The schedule: "daily" once a local day, "weekly" on Mondays.
  const auto today = pass.calendar->LocalDate(now);
  const std::string day = DayText(today);
  if (pass.state.last_daily != day) {
    std::vector<std::string> ticks{"daily"};
    if (std::chrono::weekday(std::chrono::sys_days(today)) == std::chrono::Monday)
      ticks.push_back("weekly");
    for (const auto& tick : ticks) {
      ++pass.report.events;
      adapt::PolicyEvent pe;
      pe.trigger = adapt::TriggerKind::kSchedule;
      pe.value = tick;
      pe.at = now;
      Evaluate(pass, pe, 0, {});
    }
    pass.state.last_daily = day;
  }

  CloseExpiredServices(pass);
  if (auto saved = store_.SavePolicyRun(pemda.id, pass.state); !saved) return Fail(saved.error());
  return pass.report;
}

void PolicyRunner::Evaluate(Pass& pass, const adapt::PolicyEvent& event, int64_t cause_event,
                            const std::vector<int64_t>& cases) {
  std::vector<adapt::PolicyDecision> decisions;
  pass.run.engine->Evaluate(event, decisions);
  for (const auto& d : decisions) Apply(pass, cause_event, d, cases);
}

void PolicyRunner::Apply(Pass& pass, int64_t cause_event, const adapt::PolicyDecision& decision,
                         const std::vector<int64_t>& cases) {
  ++pass.report.decisions;
  for (size_t i = 0; i < decision.actions.size(); ++i) {
    const auto& planned = decision.actions[i];
    const auto& a = planned.action;
    if (planned.refused) {
      ++pass.report.refused;
      spdlog::warn("policy rule {} v{}: {} refused ({})", decision.rule_id, decision.rule_version,
                   adapt::ToString(a.kind), planned.reason);
      continue;
    }
    switch (a.kind) {
      case adapt::ActionKind::kOpenTemporaryService:
        OpenService(pass, decision, a);
        break;
      case adapt::ActionKind::kProposeCapacity:
        ProposeCapacity(pass, cause_event, decision, a);
        break;
      default: {
        if (cases.empty()) ++pass.report.unchanged;  // a schedule has no case to act on
        // An alert's rule tells its audience once, on the alert's first case,
        // not once for each of the cases behind it (a flood's head of
        // agency got sixteen e-mails in a second); what changes a case
        // (priority, deadline, escalation, a supporting agency) acts on each.
        const bool once = cause_event < 0 && a.kind == adapt::ActionKind::kNotify;
        for (const int64_t id : cases) {
          ActOnCase(pass, id, cause_event, decision, static_cast<int>(i));
          if (once) break;
        }
        break;
      }
    }
  }
}

void PolicyRunner::ActOnCase(Pass& pass, int64_t case_id, int64_t cause_event,
                             const adapt::PolicyDecision& decision, int index) {
  const adapt::PolicyAction& action = decision.actions[static_cast<size_t>(index)].action;
  const auto rule = pass.run.rules.find(decision.rule_id);
  if (rule == pass.run.rules.end()) return;
  domain::RuleAct act = ActOf(action);
  act.rule_id = decision.rule_id;
  act.rule_version = decision.rule_version;
  act.note = adapt::AutomaticNote(rule->second);
  act.chain = decision.caused_by;
  act.cause_event = cause_event;
  act.action_index = index;
  act.at = pass.now;
  auto found = store_.FindCaseWithEvents(pass.pemda.id, case_id, /*with_reporter=*/false);
  if (!found) {
    ++pass.report.failed;
    spdlog::warn("policy rule {}: case {}: {}", decision.rule_id, case_id, found.error().message);
    return;
  }
  if (AlreadyActed(found->events, EventKindOf(action.kind), act.rule_id, cause_event, act)) {
    ++pass.report.unchanged;
    return;
  }
  auto context = workflow_.ContextFor(pass.pemda, found->c);
  if (!context) {
    ++pass.report.failed;
    spdlog::warn("policy rule {}: case {}: {}", decision.rule_id, case_id, context.error().message);
    return;
  }
  auto applied = store_.ChangeCasesAndWait(
      pass.pemda.id, {case_id}, std::nullopt,
      [&](const std::vector<domain::Case>& current) -> Result<std::vector<domain::CaseChange>> {
        return domain::DecideRuleAct(current.front(), act, *context);
      });
  if (!applied) {
    const bool refused = applied.error().code == ErrorCode::kFailedPrecondition;
    ++(refused ? pass.report.refused : pass.report.failed);
    spdlog::warn("policy rule {} v{}: case {}: {}", act.rule_id, act.rule_version, case_id,
                 applied.error().message);
    return;
  }
  ++(applied->empty() ? pass.report.unchanged : pass.report.applied);
}

void PolicyRunner::OpenService(Pass& pass, const adapt::PolicyDecision& decision,
                               const adapt::PolicyAction& a) {
  const auto rule = pass.run.rules.find(decision.rule_id);
  if (rule == pass.run.rules.end()) return;
  auto existing = store_.FindService(pass.pemda.id, a.code);
  if (existing && existing->active) {
    ++pass.report.unchanged;  // open already (by this rule, or by people)
    return;
  }
  const std::chrono::year_month_day until(
      std::chrono::sys_days(pass.calendar->LocalDate(pass.now)) + std::chrono::days{a.days_open});
  const std::string until_text = DayText(until);
  // What a citizen reads in the catalogue: until when, and on what
  // regulation; the rule's own words stay on the officers' screens.
  const std::string until_day = domain::FormatIndonesianDate(until);
  domain::Service s;
  s.code = a.code;
  s.name = a.name;
  s.agency_code = a.target;
  s.group = std::string(kTemporaryServiceGroup);
  s.description = "Layanan sementara, dibuka sampai " + until_day + " berdasarkan " +
                  BasisInSentence(rule->second.basis) + ".";
  s.kinds = {domain::CaseKind::kComplaint, domain::CaseKind::kRequest};
  s.active = true;
  auto& st = s.standard;
  st.requirements = {"Identitas pelapor (boleh anonim)", "Uraian kejadian dan lokasinya"};
  st.procedure = {"Warga menyampaikan laporan melalui Sigap",
                  "Petugas memverifikasi dan menindaklanjuti",
                  "Warga menerima tanggapan melalui kode pelacakan"};
  st.completion_days = a.completion_days;
  st.cost = "Gratis";
  st.product = "Tanggapan dan tindak lanjut laporan";
  st.complaint_channel = "Portal Sigap, Open311, SP4N-LAPOR!";
  st.legal_basis = rule->second.basis;
  st.facilities = "Sesuai standar pelayanan " + a.target;
  st.staff_competence = "Petugas " + a.target;
  st.internal_supervision = "Inspektorat";
  st.staffing = "Sesuai penugasan " + a.target;
  st.guarantee = "Jangka waktu penyelesaian " + std::to_string(a.completion_days) + " hari kerja";
  st.security_assurance = "Data pribadi pelapor dilindungi (UU 27/2022)";
  st.performance_evaluation = "Survei kepuasan masyarakat (PermenPAN-RB 14/2017)";
  st.changed_by = "system";
  st.change_note = "Dibuka sementara sampai " + until_day + " oleh " + ByRule(rule->second) + ".";
  st.effective_from = pass.now;
  auto saved = store_.SaveService(pass.pemda.id, s);
  if (!saved) {
    ++pass.report.failed;
    spdlog::warn("policy rule {}: service {}: {}", decision.rule_id, a.code, saved.error().message);
    return;
  }
  pass.state.temporary.push_back({a.code, until_text});
  ++pass.report.applied;
  spdlog::info("policy rule {} v{}: temporary service {} open until {}", decision.rule_id,
               decision.rule_version, a.code, until_text);
}

void PolicyRunner::CloseExpiredServices(Pass& pass) {
  const std::string today = DayText(pass.calendar->LocalDate(pass.now));
  std::erase_if(pass.state.temporary, [&](const store::PolicyRunState::TemporaryService& t) {
    if (t.until > today) return false;
    auto s = store_.FindService(pass.pemda.id, t.code);
    if (!s || !s->active) return true;  // gone or retired by people already
    s->active = false;
    if (auto saved = store_.SaveService(pass.pemda.id, *s); !saved) {
      spdlog::warn("temporary service {}: {}", t.code, saved.error().message);
      return false;  // retried next run
    }
    spdlog::info("temporary service {} closed", t.code);
    return true;
  });
}

void PolicyRunner::ProposeCapacity(Pass& pass, int64_t cause_event,
                                   const adapt::PolicyDecision& decision,
                                   const adapt::PolicyAction& a) {
  const auto rule = pass.run.rules.find(decision.rule_id);
  if (rule == pass.run.rules.end()) return;
  store::AlertUpsert upsert;
  upsert.pemda_id = pass.pemda.id;
  upsert.at = pass.now;
  auto& e = upsert.evidence;
  e.detector = "capacity_proposal";
  e.method = "Usulan " + ByRule(rule->second);
  e.group = "rule:" + std::to_string(decision.rule_id);
  // A rule set off by an alert answers it: the leaders read the proposal
  // beside the alert that led to it (a cluster of floods, a backlog).
  if (cause_event < 0) e.answers_alert = -cause_event;
  e.agency_code = a.target;
  if (auto agency = store_.FindAgency(pass.pemda.id, a.target)) e.agency_name = agency->name;
  e.day = DayText(pass.calendar->LocalDate(pass.now));
  e.since_day = e.day;
  e.observed = a.officers;
  e.sentence = "Usulan: tambah " + std::to_string(a.officers) + " petugas untuk " +
               (e.agency_name.empty() ? a.target : e.agency_name) +
               (a.note.empty() ? "" : " (" + a.note + ")") + ". Usulan ini tidak diterapkan " +
               "otomatis; keputusan ada pada pimpinan. Diusulkan oleh " + ByRule(rule->second) +
               ".";
  e.sentence_en = "Proposal: add " + std::to_string(a.officers) + " officers to " +
                  (e.agency_name.empty() ? a.target : e.agency_name) +
                  (a.note.empty() ? "" : " (" + a.note + ")") +
                  ". It is not applied automatically; the decision is the leaders'. Proposed by " +
                  ByRuleEn(rule->second) + ".";
  auto outcome = store_.UpsertAlert(upsert);
  if (!outcome) {
    ++pass.report.failed;
    spdlog::warn("policy rule {}: proposal: {}", decision.rule_id, outcome.error().message);
    return;
  }
  ++(outcome->created || outcome->updated ? pass.report.applied : pass.report.unchanged);
}

}  // namespace sigap::app
