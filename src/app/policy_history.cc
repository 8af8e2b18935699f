#include "app/policy_history.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>

#include "domain/ascii.h"
#include "domain/lifecycle.h"

namespace sigap::app {

namespace {

// The rules whose acts led to an event: its payload's "rule_chain"
// (["3", "7"]), empty for what people and citizens do.
std::vector<int64_t> ChainOf(const std::string& payload_json) {
  std::vector<int64_t> chain;
  const auto payload = nlohmann::json::parse(payload_json, nullptr, false);
  if (!payload.is_object()) return chain;
  const auto it = payload.find("rule_chain");
  if (it == payload.end() || !it->is_array()) return chain;
  for (const auto& id : *it) {
    int64_t n = 0;
    const std::string text = id.is_string() ? id.get<std::string>() : "";
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec == std::errc() && end == text.data() + text.size()) chain.push_back(n);
  }
  return chain;
}

}  // namespace

domain::StageTargets CaseTargets::For(const domain::Case& c) {
  const std::string& code = c.submission.service_code;
  int completion_days = 0;
  if (!code.empty()) {
    auto it = standards_.find(code);
    if (it == standards_.end()) {
      auto listed = store_.ListServiceStandards(pemda_, code);
      it = standards_.emplace(code, listed ? std::move(*listed) : decltype(it->second){}).first;
    }
    for (const auto& st : it->second) {
      if (st.version == c.service_version) completion_days = st.completion_days;
    }
  }
  return sla_.For(c.submission.kind, completion_days);
}

adapt::CaseFacts FactsOf(const domain::Case& c, Timestamp now,
                         const domain::StageTargets& targets) {
  adapt::CaseFacts f;
  const auto& s = c.submission;
  f.case_id = c.id;
  f.kind = std::string(domain::ToString(s.kind));
  f.status = std::string(domain::ToString(c.status));
  f.service = s.service_code;
  f.category = s.category;
  f.agency = c.agency_code;
  f.region =
      !c.placement.kelurahan_code.empty() ? c.placement.kelurahan_code : s.location.region_code;
  f.channel = std::string(domain::ToString(s.channel));
  f.escalation_level = c.handling.escalation_level;
  f.supporters = static_cast<int>(c.supporters);
  f.deadline_state = std::string(domain::ToString(domain::DeadlineAt(c.handling, now)));
  if (c.handling.due_at && *c.handling.due_at < now) {
    f.days_overdue =
        static_cast<int>(std::chrono::floor<std::chrono::days>(now - *c.handling.due_at).count());
  }
  for (const auto& a : s.attributes) {
    if (!domain::EqualsAsciiFolded(a.code, "kelompok_rentan")) continue;
    for (const auto& v : a.values) f.vulnerable = f.vulnerable || v == "ya" || v == "true";
  }
  f.text = s.title + "\n" + s.description;
  domain::AsciiLowerInPlace(f.text);
  f.complaint_days = targets.verification + targets.follow_up + targets.resolution;
  return f;
}

std::vector<adapt::PolicyEvent> PolicyEventsOf(const domain::Case& c,
                                               const domain::CaseEvent& event,
                                               const domain::StageTargets& targets) {
  std::vector<adapt::PolicyEvent> out;
  adapt::PolicyEvent e;
  e.trigger = adapt::TriggerKind::kCaseEvent;
  e.value = event.kind;
  e.at = event.at;
  e.facts = FactsOf(c, event.at, targets);
  e.caused_by = ChainOf(event.payload_json);
  out.push_back(e);
  if (event.kind == domain::event_kind::kEscalated) {
    // The sweep's payload names its step: "due_soon:handler", "overdue+3:...".
    const auto& p = event.payload_json;
    const bool overdue = p.find("\"rule\":\"overdue") != std::string::npos;
    const bool due_soon = p.find("\"rule\":\"due_soon") != std::string::npos;
    if (overdue || due_soon) {
      e.trigger = adapt::TriggerKind::kDeadline;
      e.value = overdue ? "overdue" : "due_soon";
      e.facts.deadline_state = e.value;
      out.push_back(std::move(e));
    }
  }
  return out;
}

std::vector<adapt::PolicyEvent> AlertPolicyEvents(const store::StoredAlert& alert, Timestamp at) {
  const auto& e = alert.evidence;
  adapt::PolicyEvent pe;
  pe.trigger = adapt::TriggerKind::kAlert;
  pe.at = at;
  pe.facts.service = e.category_code;  // the detectors' categories are services
  pe.facts.agency = e.agency_code;
  if (!e.regions.empty()) pe.facts.region = e.regions.front().code;
  pe.facts.alert_kind = adapt::AlertKindOf(e.detector);
  pe.facts.alert_score = e.statistic;
  const size_t n = std::min(e.case_ids.size(), kMaxAlertCases);
  pe.cases.assign(e.case_ids.begin(), e.case_ids.begin() + static_cast<std::ptrdiff_t>(n));
  // Its words, for `text contains`: its sentence and its top terms, in
  // lower case as a case's title and description are.
  pe.facts.text = e.sentence;
  for (const auto& term : e.top_terms) pe.facts.text += " " + term;
  domain::AsciiLowerInPlace(pe.facts.text);
  std::vector<adapt::PolicyEvent> out;
  pe.value = pe.facts.alert_kind;
  out.push_back(pe);
  if (e.detector != pe.facts.alert_kind) {
    pe.value = e.detector;
    out.push_back(std::move(pe));
  }
  return out;
}

Result<std::vector<adapt::PolicyEvent>> ReadPolicyHistory(store::Store& store,
                                                          domain::PemdaId pemda, Timestamp since,
                                                          Timestamp now,
                                                          const domain::SlaPolicy& sla) {
  std::vector<adapt::PolicyEvent> out;
  CaseTargets targets(store, pemda, sla);
  store::CaseFilter filter;
  filter.updated_from = since;
  filter.updated_until = now;
  filter.limit = 1000;
  for (;;) {
    auto page = store.ListCases(pemda, filter);
    if (!page) return Fail(page.error());
    for (const auto& c : page->cases) {
      auto events = store.ListCaseEvents(pemda, c.id);
      if (!events) return Fail(events.error());
      const domain::StageTargets t = targets.For(c);
      for (const auto& ev : *events) {
        if (ev.at < since || ev.at >= now) continue;
        for (auto& e : PolicyEventsOf(c, ev, t)) out.push_back(std::move(e));
      }
    }
    if (page->next_cursor == 0) break;
    filter.before = page->next_cursor;
  }
  store::AlertFilter alerts;
  alerts.limit = 200;
  for (;;) {
    auto page = store.ListAlerts(pemda, alerts);
    if (!page) return Fail(page.error());
    bool older = false;  // newest first: past `since`, the rest are older
    for (const auto& a : page->alerts) {
      if (a.created_at < since) older = true;
      if (a.created_at < since || a.created_at >= now) continue;
      for (auto& e : AlertPolicyEvents(a, a.created_at)) out.push_back(std::move(e));
    }
    if (older || page->next_cursor == 0) break;
    alerts.before = page->next_cursor;
  }
  std::stable_sort(
      out.begin(), out.end(),
      [](const adapt::PolicyEvent& a, const adapt::PolicyEvent& b) { return a.at < b.at; });
  return out;
}

}  // namespace sigap::app
