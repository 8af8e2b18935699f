#include "app/case_workflow.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>

#include "app/category_book.h"
#include "app/text_routing.h"
#include "domain/access.h"
#include "domain/tracking_code.h"

namespace sigap::app {
namespace {

using domain::Action;

Error NotFound() { return Error{ErrorCode::kNotFound, "no case with this tracking code"}; }

// The case behind `code` (salt included), or kNotFound.
Result<domain::Case> FindByCode(store::Store& store, const CaseIntake& intake,
                                domain::PemdaId pemda, std::string_view code) {
  const auto decoded = intake.codec().Decode(code);
  if (!decoded) return Fail(NotFound());
  auto c = store.FindCase(pemda, decoded->sequence);
  if (!c) return c.error().code == ErrorCode::kNotFound ? Fail(NotFound()) : Fail(c.error());
  if (c->tracking_code != domain::TrackingCodec::Normalize(code)) return Fail(NotFound());
  return c;
}

}  // namespace

Result<domain::DecisionContext> CaseWorkflow::ContextFor(const domain::Pemda& pemda,
                                                         const domain::Case& c) const {
  auto calendar = calendars_.For(pemda);
  if (!calendar) return Fail(calendar.error());
  domain::DecisionContext ctx;
  ctx.calendar = *calendar;
  ctx.policy = policy_;
  int completion_days = 0;
  if (!c.submission.service_code.empty()) {
    auto standards = store_.ListServiceStandards(pemda.id, c.submission.service_code);
    if (standards) {
      for (const auto& st : *standards) {
        if (st.version == c.service_version) completion_days = st.completion_days;
      }
    }
  }
  ctx.targets = policy_.For(c.submission.kind, completion_days);
  auto agencies = store_.ListAgencies(pemda.id);
  if (!agencies) return Fail(agencies.error());
  for (const auto& a : *agencies) ctx.agency_names.emplace_back(a.code, a.name);
  if (reader_) {
    auto published = reader_->PublishedNumbers(pemda.id);
    if (!published) return Fail(published.error());
    ctx.published_numbers = std::move(*published);
  }
  return ctx;
}

domain::Handling CaseWorkflow::InitialHandling(const domain::Pemda& pemda, domain::CaseKind kind,
                                               Timestamp at) const {
  auto calendar = calendars_.For(pemda);
  if (!calendar) {
    spdlog::warn("no working calendar for Pemda {}: {}", pemda.code, calendar.error().message);
    return {};
  }
  domain::DecisionContext ctx;
  ctx.calendar = *calendar;
  ctx.policy = policy_;
  ctx.targets = policy_.For(kind, 0);
  return domain::InitialHandling(at, ctx);
}

std::optional<domain::Pemda> CaseWorkflow::PemdaById(domain::PemdaId pemda) const {
  {
    std::lock_guard lock(pemdas_mutex_);
    if (auto it = pemdas_.find(pemda); it != pemdas_.end()) return it->second;
  }
  auto all = store_.ListPemdas();
  if (!all) return std::nullopt;
  std::optional<domain::Pemda> found;
  std::lock_guard lock(pemdas_mutex_);
  for (const auto& p : *all) {
    pemdas_[p.id] = p;
    if (p.id == pemda) found = p;
  }
  return found;
}

domain::Handling CaseWorkflow::InitialHandling(domain::PemdaId pemda, domain::CaseKind kind,
                                               Timestamp at) const {
  auto found = PemdaById(pemda);
  if (!found) return {};
  return InitialHandling(*found, kind, at);
}

void QueueTextSuggestion(store::Store& store, domain::PemdaId pemda, domain::CaseId id,
                         domain::EventDraft suggestion, std::optional<AutoDisposal> automatic,
                         std::optional<int64_t> expected_version, SuggestionCallback done) {
  // Set by the decision on the writer's thread, read after the commit.
  auto disposed = std::make_shared<bool>(false);
  store.ChangeCases(
      pemda, {id}, expected_version,
      [disposed, suggestion = std::move(suggestion), automatic = std::move(automatic)](
          const std::vector<domain::Case>& current) -> Result<std::vector<domain::CaseChange>> {
        *disposed = false;
        domain::CaseChange change;
        change.after = current[0];
        domain::EventDraft event = suggestion;
        if (automatic) {
          auto decided =
              domain::DecideAutoDisposal(current[0], automatic->agency_code, automatic->model,
                                         automatic->basis, automatic->context, suggestion.at);
          if (decided) {
            change = std::move(decided->front());
            for (auto& n : change.notices) ++n.event_index;
            *disposed = true;
          } else {
            const ErrorCode code = decided.error().code;
            event.payload.emplace_back("automatic_refused", code == ErrorCode::kFailedPrecondition
                                                                ? decided.error().message
                                                            : code == ErrorCode::kConflict
                                                                ? "not_received"
                                                                : "invalid");
          }
        }
        change.events.insert(change.events.begin(), std::move(event));
        return std::vector<domain::CaseChange>{std::move(change)};
      },
      [disposed, done = std::move(done)](Result<std::vector<store::AppliedChange>> applied) {
        if (!applied) {
          done(Fail(applied.error()));
          return;
        }
        done(*disposed);
      });
}

void CaseWorkflow::QueueTextSuggestion(domain::PemdaId pemda, domain::CaseId id,
                                       domain::EventDraft suggestion, const std::string& automatic,
                                       const std::string& model, const std::string& basis,
                                       std::optional<int64_t> expected_version,
                                       SuggestionCallback done) const {
  std::optional<AutoDisposal> disposal;
  if (!automatic.empty()) {
    auto p = PemdaById(pemda);
    if (!p) return done(Fail(ErrorCode::kNotFound, "no such Pemda"));
    auto c = store_.FindCase(pemda, id);
    if (!c) return done(Fail(c.error()));
    auto ctx = ContextFor(*p, *c);
    if (!ctx) return done(Fail(ctx.error()));
    disposal = AutoDisposal{automatic, model, basis, std::move(*ctx)};
  }
  app::QueueTextSuggestion(store_, pemda, id, std::move(suggestion), std::move(disposal),
                           expected_version, [this, done = std::move(done)](Result<bool> disposed) {
                             if (disposed && *disposed && committed_) committed_();
                             done(std::move(disposed));
                           });
}

std::vector<Action> CaseWorkflow::ActionsFor(const domain::Case& c,
                                             const domain::Actor& actor) const {
  std::vector<Action> out;
  for (Action a : domain::AllowedActions(c)) {
    // Offered only while it can succeed.
    if (a == Action::kReopen && !domain::CanReopenAt(c, clock_.Now())) continue;
    if (domain::Permits(c, a, actor)) out.push_back(a);
  }
  return out;
}

Result<ActOutcome> CaseWorkflow::Act(const domain::Pemda& pemda, std::string_view code,
                                     ActInput input, IllegalTransition* illegal) const {
  auto& request = input.request;
  request.at = clock_.Now();
  auto c = FindByCode(store_, intake_, pemda.id, code);
  if (!c) return Fail(c.error());

  // Who is acting, and may they see this case at all?
  switch (request.actor.kind) {
    case domain::Actor::Kind::kOfficer:
      if (request.actor.officer.pemda_id != pemda.id) return Fail(NotFound());
      if (!domain::CanSeeCase(request.actor.officer, *c)) {
        return Fail(c->submission.confidential ? Error{ErrorCode::kNotFound, NotFound().message}
                                               : Error{ErrorCode::kPermissionDenied,
                                                       "the case is not disposed to your agency"});
      }
      break;
    case domain::Actor::Kind::kReporter:
      // FindByCode decoded `code` already, so it decodes again here.
      if (input.reporter_secret.empty() ||
          !domain::SecretsEqual(
              domain::NormalizeReporterSecret(input.reporter_secret),
              intake_.ReporterSecret(c->id, intake_.codec().Decode(code)->salt))) {
        return Fail(ErrorCode::kUnauthenticated, "the reporter secret does not match this case",
                    {{"X-Reporter-Secret", "invalid", "the secret given at submission"}});
      }
      break;
    case domain::Actor::Kind::kSystem:
      return Fail(ErrorCode::kPermissionDenied, "system actions come from the deadline sweep");
  }

  // Who may not act at all is told so before their input is looked up: an
  // auditor naming an assignee learnt from "unknown" who works where. (A
  // transition the status does not allow is Decide's 409, whoever asks.)
  const auto by_status = domain::AllowedActions(*c);
  if (std::find(by_status.begin(), by_status.end(), request.action) != by_status.end() &&
      !domain::Permits(*c, request.action, request.actor)) {
    return Fail(
        ErrorCode::kPermissionDenied,
        "this role may not " + std::string(domain::ToString(request.action)) + " this case");
  }

  // Inputs that need the store: agencies, the assignee, the survivor.
  std::vector<FieldError> errors;
  auto agency_known = [&](const std::string& agency, const char* field) {
    if (agency.empty()) return;
    auto found = store_.FindAgency(pemda.id, agency);
    if (!found) errors.push_back({field, "unknown", "no agency with this code"});
  };
  if (request.action == Action::kDispose || request.action == Action::kForward ||
      request.action == Action::kRequestInput) {
    agency_known(request.agency_code, "agency_code");
  }
  if (request.action == Action::kDispose) {
    for (const auto& s : request.supporting) agency_known(s, "supporting");
  }
  if (request.action == Action::kAssign && !request.assignee.empty()) {
    auto user = store_.FindUser(pemda.id, request.assignee);
    if (!user || !user->active || user->agency_code != c->agency_code) {
      errors.push_back({"assignee", "unknown", "no active officer of the lead agency"});
    }
  }
  if (request.action == Action::kCategorize && !request.category.empty()) {
    auto checked = CheckCaseCategory(store_, pemda.id, request.category, /*historical=*/false);
    if (!checked) return Fail(checked.error());
    if (*checked) errors.push_back(std::move(**checked));
  }
  std::vector<domain::CaseId> ids{c->id};
  if (!input.into.empty()) {
    auto survivor = FindByCode(store_, intake_, pemda.id, input.into);
    if (!survivor) {
      errors.push_back({"into", "unknown", "no case with this tracking code"});
    } else if (survivor->id != c->id) {
      ids.push_back(survivor->id);
    } else {
      errors.push_back({"into", "same_case", "a case cannot be merged into itself"});
    }
  }
  if (!errors.empty()) return Fail(ErrorCode::kInvalidArgument, "invalid action", errors);
  if (request.action == Action::kDispose) {
    // Routing by text (issue 8): a disposition confirms or overrides the
    // classifier's proposal, if it made one.
    auto events = store_.ListCaseEvents(pemda.id, c->id);
    if (!events) return Fail(events.error());
    if (auto suggested = LatestTextSuggestion(*events); suggested) {
      request.text_suggestion = suggested->agency_code;
      request.text_model = suggested->agency_code.empty() ? "" : suggested->model;
    }
  }

  auto context = ContextFor(pemda, *c);
  if (!context) return Fail(context.error());

  auto applied = store_.ChangeCasesAndWait(
      pemda.id, ids, input.if_match,
      [&](const std::vector<domain::Case>& current) -> Result<std::vector<domain::CaseChange>> {
        domain::ActionRequest r = request;
        r.survivor = current.size() > 1 ? &current[1] : nullptr;
        auto decided = domain::Decide(current[0], r, *context);
        if (!decided && decided.error().code == ErrorCode::kConflict && illegal) {
          illegal->current = current[0].status;
          illegal->allowed = ActionsFor(current[0], r.actor);  // the caller's own
        }
        return decided;
      });
  if (!applied) return Fail(applied.error());
  if (committed_) committed_();
  ActOutcome out;
  for (auto& change : *applied) {
    if (change.c.id != c->id) continue;
    out.c = std::move(change.c);
    out.events = std::move(change.events);
  }
  return out;
}

Result<bool> CaseWorkflow::CountAwaitingDeadline(const store::DueCheck& waiting,
                                                 Timestamp now) const {
  const auto pemda = PemdaById(waiting.pemda_id);
  if (!pemda) return false;
  auto c = store_.FindCase(pemda->id, waiting.case_id);
  if (!c) return Fail(c.error());
  auto context = ContextFor(*pemda, *c);
  if (!context) return Fail(context.error());
  // Most wait for a year still missing: decided here first, so that only
  // those counted go to the writer.
  auto decided = domain::DecideDeadlineCount(*c, *context, now);
  if (!decided) return Fail(decided.error());
  if (decided->empty()) return false;
  auto applied = store_.ChangeCasesAndWait(
      pemda->id, {c->id}, std::nullopt, [&](const std::vector<domain::Case>& current) {
        return domain::DecideDeadlineCount(current[0], *context, now);
      });
  if (!applied) return Fail(applied.error());
  return std::any_of(applied->begin(), applied->end(),
                     [](const store::AppliedChange& change) { return !change.events.empty(); });
}

Result<int> CaseWorkflow::CountAwaitingDeadlines(Timestamp now) const {
  constexpr int kPage = 500;
  int counted = 0;
  store::CaseId after = 0;
  for (;;) {
    auto page = store_.AwaitingDeadlines(after, kPage);
    if (!page) return Fail(page.error());
    for (const auto& waiting : *page) {
      after = waiting.case_id;
      // One case that cannot be counted (its Pemda's calendar is broken)
      // does not hold up the others; it is tried again with the next
      // generation.
      auto one = CountAwaitingDeadline(waiting, now);
      if (!one) {
        spdlog::warn("deadline sweep: case {}: {}", waiting.case_id, one.error().message);
      } else if (*one) {
        ++counted;
      }
    }
    if (static_cast<int>(page->size()) < kPage) break;
  }
  return counted;
}

namespace {

// The first local date, from a year before `now` to the end of the year
// after it, that is a working day on one calendar and not on the other.
std::optional<std::chrono::sys_days> FirstDifference(const domain::WorkingCalendar& a,
                                                     const domain::WorkingCalendar& b,
                                                     Timestamp now) {
  using namespace std::chrono;
  const year this_year = a.LocalDate(now).year();
  const sys_days last{(this_year + years(1)) / December / 31};
  for (sys_days d{(this_year - years(1)) / January / 1}; d <= last; d += days(1)) {
    if (a.IsWorkingDay(year_month_day{d}) != b.IsWorkingDay(year_month_day{d})) return d;
  }
  return std::nullopt;
}

}  // namespace

Result<int> CaseWorkflow::RecountDeadlines(
    const domain::Pemda& pemda, const std::shared_ptr<const domain::WorkingCalendar>& before,
    Timestamp changed_at) const {
  auto after = calendars_.For(pemda);
  if (!after) return Fail(after.error());
  const auto first = FirstDifference(*before, **after, changed_at);
  if (!first) return 0;
  // One context for every case: the new calendar, the policy and the
  // agencies' names (a recount needs no stage targets).
  auto context = std::make_shared<domain::DecisionContext>();
  context->calendar = *after;
  context->policy = policy_;
  auto agencies = store_.ListAgencies(pemda.id);
  if (!agencies) return Fail(agencies.error());
  for (const auto& a : *agencies) context->agency_names.emplace_back(a.code, a.name);
  // Deadlines before the first changed day cannot move.
  const Timestamp from = Timestamp(*first) - (*after)->settings().utc_offset;

  // A page at a time, each case its own transaction (one may fail without
  // the others), queued at once so the store commits them in a few group
  // commits.
  constexpr int kPage = 500;
  int moved = 0;
  store::CaseId after_id = 0;
  std::mutex mutex;
  std::condition_variable finished;
  for (;;) {
    auto page = store_.RunningDeadlines(pemda.id, from, after_id, kPage);
    if (!page) return Fail(page.error());
    size_t pending = page->size();
    const Timestamp now = clock_.Now();
    for (const auto& running : *page) {
      after_id = running.case_id;
      store_.ChangeCases(
          pemda.id, {running.case_id}, std::nullopt,
          [before, context, changed_at, now](const std::vector<domain::Case>& current) {
            return domain::DecideDeadlineRecount(current[0], *before, changed_at, *context, now);
          },
          [&, id = running.case_id](Result<std::vector<store::AppliedChange>> result) {
            std::lock_guard lock(mutex);
            if (!result) {
              spdlog::warn("calendar change: case {}: {}", id, result.error().message);
            } else if (std::any_of(result->begin(), result->end(),
                                   [](const auto& c) { return !c.events.empty(); })) {
              ++moved;
            }
            if (--pending == 0) finished.notify_one();
          });
    }
    std::unique_lock lock(mutex);
    finished.wait(lock, [&] { return pending == 0; });
    if (static_cast<int>(page->size()) < kPage) break;
  }
  if (moved > 0) {
    spdlog::info("calendar change: {} deadlines of Pemda {} moved", moved, pemda.code);
    if (committed_) committed_();
  }
  return moved;
}

Result<SweepReport> CaseWorkflow::Sweep(Timestamp now, int limit) const {
  SweepReport report;
  if (const uint64_t generation = calendars_.generation();
      counted_generation_.exchange(generation) != generation) {
    // A failure here must not stop the escalations below.
    auto counted = CountAwaitingDeadlines(now);
    if (counted) {
      report.counted = *counted;
    } else {
      counted_generation_ = UINT64_MAX;  // tried again at the next sweep
      spdlog::warn("deadline sweep: waiting deadlines: {}", counted.error().message);
    }
  }
  auto due = store_.DueChecks(now, limit);
  if (!due) return Fail(due.error());
  report.checked = static_cast<int>(due->size());
  if (due->empty()) return report;

  auto pemdas = store_.ListPemdas();
  if (!pemdas) return Fail(pemdas.error());
  std::map<domain::PemdaId, std::shared_ptr<const domain::WorkingCalendar>> calendars;
  // The agencies' names, for the escalation e-mails and their outbox rows
  // ("Dinas Pekerjaan Umum", not "DPU").
  std::map<domain::PemdaId, std::vector<std::pair<std::string, std::string>>> agency_names;
  for (const auto& p : *pemdas) {
    auto cal = calendars_.For(p);
    if (cal) {
      calendars[p.id] = *cal;
    } else {
      spdlog::warn("deadline sweep: no calendar for Pemda {}: {}", p.code, cal.error().message);
    }
    auto agencies = store_.ListAgencies(p.id);
    if (!agencies) return Fail(agencies.error());
    for (const auto& a : *agencies) agency_names[p.id].emplace_back(a.code, a.name);
  }

  // Every case is its own transaction (one may fail without the others),
  // queued at once so the store commits them in a few group commits.
  std::mutex mutex;
  std::condition_variable finished;
  size_t pending = 0;
  for (const auto& check : *due) {
    auto cal = calendars.find(check.pemda_id);
    if (cal == calendars.end()) {
      ++report.failed;
      continue;
    }
    auto context = std::make_shared<domain::DecisionContext>();
    context->calendar = cal->second;
    context->policy = policy_;
    context->agency_names = agency_names[check.pemda_id];
    {
      std::lock_guard lock(mutex);
      ++pending;
    }
    store_.ChangeCases(
        check.pemda_id, {check.case_id}, std::nullopt,
        [context, now](const std::vector<domain::Case>& current) {
          domain::ActionRequest r;
          r.action = current[0].handling.stage == domain::Stage::kAutoClose ? Action::kAutoClose
                                                                            : Action::kEscalate;
          r.actor = domain::Actor::System();
          r.at = now;
          return domain::Decide(current[0], r, *context);
        },
        [&](Result<std::vector<store::AppliedChange>> result) {
          std::lock_guard lock(mutex);
          if (!result) {
            ++report.failed;
            spdlog::warn("deadline sweep: case {}: {}", check.case_id, result.error().message);
          } else {
            for (const auto& change : *result) {
              if (change.c.status == domain::CaseStatus::kClosed) {
                ++report.closed;
              } else if (!change.events.empty()) {
                ++report.escalated;
              }
            }
          }
          if (--pending == 0) finished.notify_one();
        });
  }
  std::unique_lock lock(mutex);
  finished.wait(lock, [&] { return pending == 0; });
  if (committed_ && report.escalated + report.closed > 0) committed_();
  return report;
}

}  // namespace sigap::app
