#include "app/case_import.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include "domain/ascii.h"
#include "domain/lifecycle.h"
#include "domain/sha256.h"
#include "domain/text.h"

namespace sigap::app {
namespace {

using domain::CaseStatus;

constexpr size_t kSourceMax = 100;     // code points
constexpr size_t kSourceIdMax = 200;   // code points
constexpr size_t kResponseMax = 5000;  // code points, like a resolution's text

void Add(std::vector<FieldError>& errors, std::string field, std::string code,
         std::string message) {
  errors.push_back({std::move(field), std::move(code), std::move(message)});
}

bool Names(const std::vector<FieldError>& errors, std::string_view field) {
  return std::any_of(errors.begin(), errors.end(),
                     [&](const FieldError& e) { return e.field == field; });
}

// Checks free text of the import itself (not of the submission). Returns
// false when it is unusable.
bool CheckText(std::vector<FieldError>& errors, const char* field, const std::string& text,
               size_t max, bool allow_newlines) {
  if (!domain::IsValidUtf8(text)) {
    Add(errors, field, "invalid_utf8", "not valid UTF-8");
  } else if (domain::CodePointCount(text) > max) {
    Add(errors, field, "too_long", "longer than " + std::to_string(max) + " characters");
  } else if (domain::HasControlCharacters(text, allow_newlines)) {
    Add(errors, field, "control_characters", "contains control characters");
  } else {
    return true;
  }
  return false;
}

// true/false as spreadsheets and people write them; "" is false.
std::optional<bool> ParseFlag(std::string_view text) {
  std::string t = domain::Trim(text);
  domain::AsciiLowerInPlace(t);
  if (t.empty() || t == "false" || t == "0" || t == "no" || t == "tidak") return false;
  if (t == "true" || t == "1" || t == "yes" || t == "ya") return true;
  return std::nullopt;
}

std::optional<double> ParseDegrees(std::string_view text) {
  const std::string t = domain::Trim(text);
  double value = 0;
  const char* end = t.data() + t.size();
  auto [ptr, ec] = std::from_chars(t.data(), end, value);
  if (t.empty() || ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

// An instant with its offset: the old system's local times must not be
// read as UTC, so a plain date is refused.
std::optional<Timestamp> ParseInstant(std::string_view text) {
  if (text.size() <= 10) return std::nullopt;
  return ParseRfc3339(text);
}

// Ranks of the lifecycle, to tell which dates a status may carry.
bool IsDisposedOrLater(CaseStatus s) {
  return s == CaseStatus::kDisposed || s == CaseStatus::kInProgress || s == CaseStatus::kResolved ||
         s == CaseStatus::kClosed;
}
bool IsResolvedOrLater(CaseStatus s) {
  return s == CaseStatus::kResolved || s == CaseStatus::kClosed;
}
// Statuses whose handling runs a deadline.
bool IsOpen(CaseStatus s) {
  return s != CaseStatus::kClosed && s != CaseStatus::kRejected && s != CaseStatus::kMerged;
}

// The original dates of a row, once parsed.
struct Dates {
  std::optional<Timestamp> created, disposed, resolved, closed;
};

// Parses and orders the dates; every problem is added to `errors`.
Dates CheckDates(const ImportRow& row, Timestamp now, std::vector<FieldError>& errors) {
  Dates d;
  const std::array<std::tuple<const char*, const std::string*, std::optional<Timestamp>*>, 4>
      fields = {{{"created_at", &row.created_at, &d.created},
                 {"disposed_at", &row.disposed_at, &d.disposed},
                 {"resolved_at", &row.resolved_at, &d.resolved},
                 {"closed_at", &row.closed_at, &d.closed}}};
  std::optional<Timestamp> latest;  // the latest earlier date, for the order
  const char* latest_name = "";
  for (const auto& [name, text, out] : fields) {
    const std::string value = domain::Trim(*text);
    if (value.empty()) {
      if (out == &d.created) Add(errors, name, "required", "required (when the case was received)");
      continue;
    }
    const auto parsed = ParseInstant(value);
    if (!parsed) {
      Add(errors, name, "invalid_format",
          "not an RFC 3339 date and time with its offset, e.g. 2026-03-16T09:00+07:00");
      continue;
    }
    if (*parsed > now) {
      Add(errors, name, "in_future", "later than now");
      continue;
    }
    if (latest && *parsed < *latest) {
      Add(errors, name, "out_of_order", std::string("earlier than ") + latest_name);
      continue;
    }
    *out = *parsed;
    latest = *parsed;
    latest_name = name;
  }
  return d;
}

// The lifecycle part of a row: status, the dates it may carry, its lead
// agency and response.
void CheckLifecycle(const ImportRow& row, std::optional<CaseStatus> status,
                    std::vector<FieldError>& errors) {
  if (!status) return;
  if (!IsDisposedOrLater(*status) && !domain::Trim(row.disposed_at).empty()) {
    Add(errors, "disposed_at", "not_allowed", "only for disposed cases and later statuses");
  }
  if (!IsResolvedOrLater(*status)) {
    if (!domain::Trim(row.resolved_at).empty()) {
      Add(errors, "resolved_at", "not_allowed", "only for resolved or closed cases");
    }
    if (!domain::Trim(row.response).empty()) {
      Add(errors, "response", "not_allowed", "only for resolved or closed cases");
    }
  }
  if (*status != CaseStatus::kClosed && !domain::Trim(row.closed_at).empty()) {
    Add(errors, "closed_at", "not_allowed", "only for closed cases");
  }
  if (IsDisposedOrLater(*status) && domain::Trim(row.agency_code).empty()) {
    Add(errors, "agency_code", "required",
        "required for a case disposed or later (its lead agency)");
  }
}

// Checks rows one by one, remembering what it looked up.
class RowChecker {
 public:
  RowChecker(store::Store& store, const CaseIntake& intake, const CaseWorkflow& workflow,
             const domain::Pemda& pemda, const std::string& source, Timestamp now)
      : store_(store),
        intake_(intake),
        workflow_(workflow),
        pemda_(pemda),
        source_(source),
        now_(now) {}

  // The case to write, or the row's problems in `errors`. Fails only when
  // the store or the calendar does.
  Result<std::optional<store::NewCase>> Check(ImportRow row, std::vector<FieldError>& errors);

  bool without_deadline() const { return without_deadline_; }

 private:
  Result<bool> AgencyExists(const std::string& code);
  // The version of the service's standard in force at `at`, or `fallback`.
  Result<int> VersionAt(const std::string& service_code, Timestamp at, int fallback);
  Result<domain::DecisionContext> ContextFor(const store::NewCase& c);

  store::Store& store_;
  const CaseIntake& intake_;
  const CaseWorkflow& workflow_;
  const domain::Pemda& pemda_;
  const std::string& source_;
  const Timestamp now_;
  bool without_deadline_ = false;
  std::map<std::string, bool> agencies_;
  std::map<std::string, std::vector<domain::ServiceStandard>> standards_;
  std::map<std::tuple<domain::CaseKind, std::string, int>, domain::DecisionContext> contexts_;
};

Result<bool> RowChecker::AgencyExists(const std::string& code) {
  if (auto it = agencies_.find(code); it != agencies_.end()) return it->second;
  auto found = store_.FindAgency(pemda_.id, code);
  if (!found && found.error().code != ErrorCode::kNotFound) return Fail(found.error());
  return agencies_[code] = found.has_value();
}

Result<int> RowChecker::VersionAt(const std::string& service_code, Timestamp at, int fallback) {
  auto it = standards_.find(service_code);
  if (it == standards_.end()) {
    auto listed = store_.ListServiceStandards(pemda_.id, service_code);
    if (!listed) return Fail(listed.error());
    it = standards_.emplace(service_code, std::move(*listed)).first;
  }
  int version = fallback;
  for (const auto& standard : it->second) {  // oldest first
    if (standard.effective_from <= at) version = standard.version;
  }
  return version;
}

Result<domain::DecisionContext> RowChecker::ContextFor(const store::NewCase& c) {
  const auto key = std::make_tuple(c.submission.kind, c.submission.service_code, c.service_version);
  if (auto it = contexts_.find(key); it != contexts_.end()) return it->second;
  domain::Case probe;
  probe.pemda_id = c.pemda_id;
  probe.submission.kind = c.submission.kind;
  probe.submission.service_code = c.submission.service_code;
  probe.service_version = c.service_version;
  probe.agency_code = c.agency_code;
  auto context = workflow_.ContextFor(pemda_, probe);
  if (!context) return Fail(context.error());
  return contexts_[key] = std::move(*context);
}

Result<std::optional<store::NewCase>> RowChecker::Check(ImportRow row,
                                                        std::vector<FieldError>& errors) {
  without_deadline_ = false;
  errors = std::move(row.problems);
  // A row the reader could not read at all has nothing more to check.
  if (Names(errors, "")) return std::nullopt;

  const std::string source_id = domain::Trim(row.source_id);
  if (source_id.empty()) {
    Add(errors, "source_id", "required", "required (the case's reference in the old system)");
  } else {
    CheckText(errors, "source_id", source_id, kSourceIdMax, /*allow_newlines=*/false);
  }

  domain::CaseSubmission s;
  const std::string kind = domain::Trim(row.kind);
  if (auto parsed = domain::ParseCaseKind(kind)) {
    s.kind = *parsed;
  } else {
    Add(errors, "kind", kind.empty() ? "required" : "invalid_value",
        "one of complaint, request, aspiration, information");
  }
  const std::string status_text = domain::Trim(row.status);
  std::optional<CaseStatus> status = domain::ParseCaseStatus(status_text);
  if (status == CaseStatus::kMerged) status.reset();
  if (!status) {
    Add(errors, "status", status_text.empty() ? "required" : "invalid_value",
        "one of received, verified, needs_info, rejected, disposed, in_progress, resolved, "
        "closed");
  }
  const Dates dates = CheckDates(row, now_, errors);
  CheckLifecycle(row, status, errors);

  const std::string agency = domain::Trim(row.agency_code);
  if (!agency.empty() && !Names(errors, "agency_code")) {
    auto exists = AgencyExists(agency);
    if (!exists) return Fail(exists.error());
    if (!*exists) Add(errors, "agency_code", "unknown", "no agency with this code");
  }
  const std::string response = domain::Trim(row.response);
  if (!response.empty()) {
    CheckText(errors, "response", response, kResponseMax, /*allow_newlines=*/true);
  }

  const std::string channel = domain::Trim(row.channel);
  if (channel.empty()) {
    s.channel = domain::Channel::kImport;
  } else if (auto parsed = domain::ParseChannel(channel)) {
    s.channel = *parsed;
  } else {
    Add(errors, "channel", "invalid_value", "one of web, api, open311, import, sms, email");
  }
  for (auto [field, text, out] :
       {std::make_tuple("anonymous", &row.anonymous, &s.anonymous),
        std::make_tuple("confidential", &row.confidential, &s.confidential)}) {
    if (auto flag = ParseFlag(*text)) {
      *out = *flag;
    } else {
      Add(errors, field, "invalid_value", "true or false");
    }
  }
  const bool has_lat = !domain::Trim(row.lat).empty(), has_lng = !domain::Trim(row.lng).empty();
  if (has_lat || has_lng) {
    const auto lat = ParseDegrees(row.lat), lng = ParseDegrees(row.lng);
    if (!has_lat || !has_lng) {
      Add(errors, has_lat ? "location.lng" : "location.lat", "required",
          "latitude and longitude go together");
    } else if (!lat || !lng) {
      if (!lat) Add(errors, "location.lat", "invalid_format", "not a decimal number");
      if (!lng) Add(errors, "location.lng", "invalid_format", "not a decimal number");
    } else {
      s.location.point = domain::GeoPoint{*lat, *lng};
    }
  }
  s.service_code = std::move(row.service_code);
  s.category = std::move(row.category);
  s.title = std::move(row.title);
  s.description = std::move(row.description);
  s.location.region_code = std::move(row.region_code);
  s.location.address = std::move(row.address);
  s.reporter = {std::move(row.reporter_name), std::move(row.reporter_phone),
                std::move(row.reporter_email), std::move(row.reporter_nik)};

  // The submission as intake checks it; its problems join the row's, once
  // per field.
  SubmitOptions options;
  options.actor = "import:" + source_;
  options.created_at = dates.created.value_or(now_);
  options.idempotency_key = "import:" + source_ + ":" + source_id;
  // The key names the case; the fingerprint must match on every re-import
  // (also of an edited row), or the store would refuse the whole batch.
  options.request_fingerprint = domain::Sha256Hex(options.idempotency_key);
  auto prepared = intake_.Prepare(pemda_.id, std::move(s), options);
  if (!prepared) {
    if (prepared.error().code != ErrorCode::kInvalidArgument) return Fail(prepared.error());
    for (auto& e : prepared.error().fields) {
      if (!Names(errors, e.field)) errors.push_back(std::move(e));
    }
  }
  if (!errors.empty()) return std::nullopt;

  store::NewCase c = std::move(*prepared);
  c.status = *status;
  if (!agency.empty()) c.agency_code = agency;
  if (!c.submission.service_code.empty()) {
    auto version = VersionAt(c.submission.service_code, *dates.created, c.service_version);
    if (!version) return Fail(version.error());
    c.service_version = *version;
  }
  auto context = ContextFor(c);
  if (!context) return Fail(context.error());
  // A resolved (or closed) row without its resolution date was resolved no
  // earlier than it was disposed: its last known date, not its arrival.
  std::optional<Timestamp> resolved_at = dates.resolved;
  if (!resolved_at && IsResolvedOrLater(c.status)) {
    resolved_at = dates.disposed ? dates.disposed : dates.created;
  }
  c.handling =
      domain::ImportedHandling(c.status, *dates.created, dates.disposed, resolved_at, *context);
  without_deadline_ = IsOpen(c.status) && !c.handling.due_at;

  // Chronological: the resolution happened before the import.
  const std::string actor = "import:" + source_;
  if (!response.empty()) {
    domain::Payload resolved{{"text", response}};
    if (c.handling.reopen_until) {
      resolved.emplace_back("reopen_until", FormatRfc3339(*c.handling.reopen_until));
    }
    c.history.push_back({std::string(domain::event_kind::kResolved), actor,
                         resolved_at.value_or(*dates.created), true, std::move(resolved)});
  }
  domain::Payload payload{{"source", source_},
                          {"source_id", source_id},
                          {"original_status", std::string(domain::ToString(c.status))}};
  for (const auto& [name, date] :
       {std::pair{"disposed_at", dates.disposed}, std::pair{"resolved_at", dates.resolved},
        std::pair{"closed_at", dates.closed}}) {
    if (date) payload.emplace_back(name, FormatRfc3339(*date));
  }
  if (!response.empty()) payload.emplace_back("text", response);
  c.history.push_back({"imported", actor, now_, false, std::move(payload)});
  return std::optional<store::NewCase>(std::move(c));
}

Status CheckSource(const std::string& source) {
  std::vector<FieldError> errors;
  if (source.empty()) {
    Add(errors, "source", "required", "required (the name of the old system)");
  } else if (CheckText(errors, "source", source, kSourceMax, /*allow_newlines=*/false) &&
             source.find(':') != std::string::npos) {
    // The idempotency key is "import:<source>:<source_id>".
    Add(errors, "source", "invalid_format", "must not contain ':'");
  }
  if (errors.empty()) return {};
  std::string message = "source: " + errors.front().message;
  return Fail(ErrorCode::kInvalidArgument, std::move(message), std::move(errors));
}

}  // namespace

Result<ImportReport> CaseImport::Import(const domain::Pemda& pemda, std::vector<ImportRow> rows,
                                        const ImportOptions& options) const {
  if (auto checked = CheckSource(options.source); !checked) return Fail(checked.error());
  const Timestamp now = clock_.Now();
  RowChecker checker(store_, intake_, workflow_, pemda, options.source, now);

  ImportReport report;
  std::vector<store::NewCase> valid;
  std::vector<bool> valid_without_deadline;
  std::map<std::string, int64_t> first_line;  // source_id -> line
  for (auto& row : rows) {
    const int64_t line = row.line;
    const std::string source_id = domain::Trim(row.source_id);
    std::vector<FieldError> errors;
    auto checked = checker.Check(std::move(row), errors);
    if (!checked) return Fail(checked.error());
    if (!source_id.empty()) {
      auto [it, inserted] = first_line.emplace(source_id, line);
      if (!inserted && !Names(errors, "")) {
        Add(errors, "source_id", "duplicate",
            "the same source_id as line " + std::to_string(it->second));
      }
    }
    if (!errors.empty()) {
      ++report.invalid;
      for (auto& e : errors) report.errors.push_back({line, std::move(e)});
      continue;
    }
    valid.push_back(std::move(**checked));
    valid_without_deadline.push_back(checker.without_deadline());
  }

  if (options.dry_run || (report.invalid > 0 && !options.skip_invalid)) {
    if (options.dry_run) {
      report.imported = static_cast<int>(valid.size());
      report.without_deadline = static_cast<int>(
          std::count(valid_without_deadline.begin(), valid_without_deadline.end(), true));
    }
    return report;
  }
  if (!valid.empty()) {
    // Written oldest first, whatever the file's order: the case ids then
    // follow time, and the detectors' table of events (case_signals, kept
    // by time on SQLite) is added to at its end rather than all over it
    // (bench/RESULTS.md, issue 9).
    std::vector<size_t> order(valid.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return valid[a].created_at < valid[b].created_at; });
    std::vector<store::NewCase> oldest_first;
    std::vector<bool> without_deadline;
    oldest_first.reserve(valid.size());
    for (const size_t i : order) {
      oldest_first.push_back(std::move(valid[i]));
      without_deadline.push_back(valid_without_deadline[i]);
    }
    valid = std::move(oldest_first);
    valid_without_deadline = std::move(without_deadline);
    auto written = intake_.SubmitAll(std::move(valid));
    if (!written) return Fail(written.error());
    for (size_t i = 0; i < written->size(); ++i) {
      if ((*written)[i].receipt.replayed) {
        ++report.already_present;
      } else {
        ++report.imported;
        if (valid_without_deadline[i]) ++report.without_deadline;
      }
    }
  }
  report.written = true;
  return report;
}

}  // namespace sigap::app
