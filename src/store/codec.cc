#include "store/codec.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "domain/text.h"
#include "domain/time.h"
#include "json/writer.h"

namespace sigap::store {
namespace {

using nlohmann::json;

// The attachments' metadata as a JSON array, keys in nlohmann's order.
void WriteAttachments(json_text::JsonWriter& w,
                      const std::vector<domain::Attachment>& attachments) {
  w.BeginArray();
  for (const auto& a : attachments) {
    w.BeginObject().Key("content_type").String(a.content_type).Key("name").String(a.name);
    w.Key("sha256").String(a.sha256).Key("size_bytes").Int(a.size_bytes).EndObject();
  }
  w.EndArray();
}

json ContentJson(const domain::ServiceStandard& s) {
  return json{{"requirements", s.requirements},
              {"procedure", s.procedure},
              {"completion_days", s.completion_days},
              {"cost", s.cost},
              {"product", s.product},
              {"complaint_channel", s.complaint_channel},
              {"legal_basis", s.legal_basis},
              {"facilities", s.facilities},
              {"staff_competence", s.staff_competence},
              {"internal_supervision", s.internal_supervision},
              {"staffing", s.staffing},
              {"guarantee", s.guarantee},
              {"security_assurance", s.security_assurance},
              {"performance_evaluation", s.performance_evaluation}};
}

}  // namespace

std::string StandardToJson(const domain::ServiceStandard& s) {
  json j = ContentJson(s);
  j["changed_by"] = s.changed_by;
  j["change_note"] = s.change_note;
  return j.dump();
}

Result<domain::ServiceStandard> StandardFromJson(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Fail(ErrorCode::kInternal, "corrupt service standard");
  }
  domain::ServiceStandard s;
  s.requirements = j.value("requirements", std::vector<std::string>{});
  s.procedure = j.value("procedure", std::vector<std::string>{});
  s.completion_days = j.value("completion_days", 0);
  s.cost = j.value("cost", "");
  s.product = j.value("product", "");
  s.complaint_channel = j.value("complaint_channel", "");
  s.legal_basis = j.value("legal_basis", "");
  s.facilities = j.value("facilities", "");
  s.staff_competence = j.value("staff_competence", "");
  s.internal_supervision = j.value("internal_supervision", "");
  s.staffing = j.value("staffing", "");
  s.guarantee = j.value("guarantee", "");
  s.security_assurance = j.value("security_assurance", "");
  s.performance_evaluation = j.value("performance_evaluation", "");
  s.changed_by = j.value("changed_by", "");
  s.change_note = j.value("change_note", "");
  return s;
}

// An attachment in an event's payload: what the timeline shows and the
// download checks (a name alone for files imported from elsewhere).
json AttachmentJson(const domain::Attachment& a) {
  json j{{"name", a.name}};
  if (!a.sha256.empty()) {
    j["sha256"] = a.sha256;
    j["content_type"] = a.content_type;
    j["size_bytes"] = a.size_bytes;
  }
  return j;
}

std::string PayloadToJson(const domain::Payload& payload) {
  json j = json::object();
  for (const auto& [key, value] : payload) {
    std::visit(
        [&j, &key](const auto& v) {
          if constexpr (std::is_same_v<std::decay_t<decltype(v)>,
                                       std::vector<domain::Attachment>>) {
            json list = json::array();
            for (const auto& a : v) list.push_back(AttachmentJson(a));
            j[key] = std::move(list);
          } else {
            j[key] = v;
          }
        },
        value);
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string SubmittedPayload(const domain::CaseSubmission& s, int service_version,
                             const std::string& agency_code) {
  // Written in nlohmann's key order, byte for byte its dump: the text is
  // hashed into the audit chain.
  std::string out;
  out.reserve(256 + s.title.size() + s.description.size() + s.location.address.size());
  json_text::JsonWriter w(out);
  w.BeginObject();
  w.Key("agency_code").String(agency_code).Key("anonymous").Bool(s.anonymous);
  w.Key("attachments");
  WriteAttachments(w, s.attachments);
  w.Key("category").String(s.category).Key("channel").String(domain::ToString(s.channel));
  w.Key("confidential").Bool(s.confidential).Key("description").String(s.description);
  w.Key("has_contact").Bool(!s.reporter.Empty()).Key("kind").String(domain::ToString(s.kind));
  w.Key("location").BeginObject().Key("address").String(s.location.address);
  if (s.location.point) {
    w.Key("lat").Number(s.location.point->lat).Key("lng").Number(s.location.point->lng);
  }
  w.Key("region_code").String(s.location.region_code).EndObject();
  w.Key("service_code").String(s.service_code).Key("service_version").Int(service_version);
  w.Key("title").String(s.title);
  w.EndObject();
  return out;
}

namespace {

// The name of the first of `row`'s columns that differs from the payload,
// or "".
std::string SubmissionMismatch(const CaseColumns& row, const json& p) {
  if (!p.is_object()) return "payload";
  const auto text = [&](const char* key, const std::string& value) {
    const auto it = p.find(key);
    return it != p.end() && it->is_string() && it->get_ref<const std::string&>() == value;
  };
  const auto flag = [&](const char* key, bool value) {
    const auto it = p.find(key);
    return it != p.end() && it->is_boolean() && it->get<bool>() == value;
  };
  if (!text("kind", row.kind)) return "kind";
  if (!text("title", row.title)) return "title";
  if (!text("description", row.description)) return "description";
  if (!flag("anonymous", row.anonymous)) return "anonymous";
  if (!flag("confidential", row.confidential)) return "confidential";
  if (!text("service_code", row.service_code)) return "service_code";
  const auto location = p.find("location");
  if (location == p.end() || !location->is_object()) return "location";
  const auto place = [&](const char* key, const std::string& value) {
    const auto it = location->find(key);
    return it != location->end() && it->is_string() && it->get_ref<const std::string&>() == value;
  };
  // The point as stored (REAL, DOUBLE PRECISION) and as written in JSON.
  const auto coordinate = [&](const char* key, const std::optional<double>& value) {
    const auto it = location->find(key);
    if (it == location->end() || it->is_null()) return !value.has_value();
    return it->is_number() && value.has_value() && std::abs(it->get<double>() - *value) < 1e-9;
  };
  if (!place("region_code", row.region_code)) return "region_code";
  if (!place("address", row.address)) return "address";
  if (!coordinate("lat", row.lat) || !coordinate("lng", row.lng)) return "location";
  return "";
}

}  // namespace

void CaseProjection::Add(int64_t case_id, std::string_view kind, std::string_view payload_json) {
  namespace ek = domain::event_kind;
  using domain::CaseStatus;
  if (case_id <= 0) return;
  Entry& c = At(case_id);
  // The payload, parsed for the few kinds that need it.
  json parsed;
  const auto find = [&](const char* key) {
    if (parsed.is_null()) parsed = json::parse(payload_json, nullptr, false);
    return parsed.is_object() ? parsed.find(key) : parsed.end();
  };
  // The payload's text member `key`, "" when absent.
  const auto member = [&](const char* key) {
    const auto it = find(key);
    return it != parsed.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  // The deadline an event records (domain's AddDue): none when it has none,
  // unknown when it cannot be read.
  const auto recorded_due = [&] {
    const auto it = find("due_at");
    if (it == parsed.end()) return kNoDue;
    if (!it->is_string()) return kDueUnknown;
    const auto at = ParseRfc3339(it->get_ref<const std::string&>());
    return at ? std::chrono::floor<std::chrono::milliseconds>(*at).time_since_epoch().count()
              : kDueUnknown;
  };
  // A stage begins: its deadline as the event records it, the escalation
  // chain from its first step.
  const auto start_stage = [&](int64_t due_ms) {
    c.due_ms = due_ms;
    c.escalation_level = 0;
  };
  if (kind == ek::kSubmitted) {
    c = Entry{};
    c.seen = true;
  } else if (kind == ek::kVerified) {
    c.status = CaseStatus::kVerified;
  } else if (kind == ek::kRejected) {
    c.status = CaseStatus::kRejected;
    start_stage(kNoDue);
  } else if (kind == ek::kInfoRequested) {
    // The clock pauses; the deadline moves when it resumes.
    c.before_info = c.status;
    c.status = CaseStatus::kNeedsInfo;
  } else if (kind == ek::kInfoProvided) {
    // A rejected incomplete report, completed, is verified anew.
    c.status = c.status == CaseStatus::kRejected ? CaseStatus::kReceived : c.before_info;
    c.due_ms = recorded_due();
  } else if (kind == ek::kDisposed || kind == ek::kForwarded) {
    c.status = CaseStatus::kDisposed;
    c.agency = Name(member("agency_code"));
    start_stage(recorded_due());
  } else if (kind == ek::kStarted || kind == ek::kReopened) {
    c.status = CaseStatus::kInProgress;
    start_stage(recorded_due());
  } else if (kind == ek::kResolved) {
    // The auto-close wait's deadline is in no event.
    c.status = CaseStatus::kResolved;
    start_stage(kDueUnknown);
  } else if (kind == ek::kClosed) {
    c.status = CaseStatus::kClosed;
    start_stage(kNoDue);
  } else if (kind == ek::kMerged) {
    c.status = CaseStatus::kMerged;
    start_stage(kNoDue);
  } else if (kind == ek::kCategorized) {
    c.category = Name(member("category"));
  } else if (kind == ek::kEscalated) {
    c.due_ms = recorded_due();
    // A policy rule's escalation is told on top of the chain and leaves its
    // level (domain::DecideRuleAct); the sweep's step sets it.
    if (!member("rule").starts_with("policy:")) {
      const auto level = find("level");
      if (level != parsed.end() && level->is_number_integer()) {
        c.escalation_level = level->get<int32_t>();
      }
    }
  } else if (kind == ek::kDeadlineCounted) {
    c.due_ms = recorded_due();
  } else if (kind == ek::kDeadlineAdjusted) {
    // A rule that lengthens the reopening window records that as its
    // due_at; every other adjustment records the stage's deadline.
    if (member("stage") != "reopen_window") c.due_ms = recorded_due();
  } else if (kind == "imported") {
    // An import files the case as the other system had it (case_import.cc);
    // one waiting for information resumes as received. Its deadline is
    // counted from the old system's dates, in no event.
    if (auto status = domain::ParseCaseStatus(member("original_status"))) c.status = *status;
    c.before_info = CaseStatus::kReceived;
    start_stage(kDueUnknown);
  }
}

CaseProjection::Entry& CaseProjection::At(int64_t case_id) {
  const auto id = static_cast<size_t>(case_id);
  ++added_;
  if (!far_.empty()) {
    if (const auto it = far_.find(case_id); it != far_.end()) return it->second;
  }
  if (id < cases_.size()) return cases_[id];
  // A case's first event follows the events of the cases before it, so a
  // dense id is never far past the count of events read.
  if (id > 2 * added_ + 65536) return far_[case_id];
  cases_.resize(std::max(id + 1, cases_.size() * 3 / 2));
  return cases_[id];
}

CaseProjection::State CaseProjection::Of(int64_t case_id) const {
  if (case_id <= 0) return {};
  const Entry* found = nullptr;
  if (const auto it = far_.find(case_id); it != far_.end()) {
    found = &it->second;
  } else if (static_cast<size_t>(case_id) < cases_.size()) {
    found = &cases_[static_cast<size_t>(case_id)];
  }
  if (!found || !found->seen) return {};
  const Entry& c = *found;
  const auto name = [&](uint32_t i) {
    return i == kAsSubmitted ? std::nullopt : std::optional<std::string_view>(names_[i]);
  };
  State state;
  state.status = domain::ToString(c.status);
  state.agency_code = name(c.agency);
  state.category = name(c.category);
  state.due_known = c.due_ms != kDueUnknown;
  if (c.due_ms != kNoDue && c.due_ms != kDueUnknown) {
    state.due_at = Timestamp(std::chrono::milliseconds(c.due_ms));
  }
  state.escalation_level = c.escalation_level;
  return state;
}

uint32_t CaseProjection::Name(std::string_view text) {
  const auto [it, added] =
      ids_.try_emplace(std::string(text), static_cast<uint32_t>(names_.size()));
  if (added) names_.emplace_back(text);
  return it->second;
}

std::string CaseRowProblem(const CaseColumns& row, int64_t event_id, std::string_view payload_json,
                           const CaseProjection& projection) {
  const std::string& tracking_code = row.tracking_code;
  if (event_id == 0) {
    return "case " + tracking_code + " has no submitted event: it was written outside Sigap";
  }
  const json submitted = json::parse(payload_json, nullptr, false);
  const std::string column = SubmissionMismatch(row, submitted);
  if (!column.empty()) {
    return "case " + tracking_code + " differs from its submitted event " +
           std::to_string(event_id) + " (" + column + "): the cases table was edited";
  }
  const auto state = projection.Of(row.id);
  const auto differs = [&](const char* name, const std::string& value, std::string_view expected) {
    return "case " + tracking_code + " has " + name + " '" + value + "' but its events make it '" +
           std::string(expected) + "': the cases table was edited";
  };
  // What the submitted event says, where no later event moved it.
  const auto submitted_text = [&](const char* key) {
    const auto it = submitted.find(key);
    return it != submitted.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (row.status != state.status) return differs("status", row.status, state.status);
  const std::string agency =
      state.agency_code ? std::string(*state.agency_code) : submitted_text("agency_code");
  if (row.agency_code != agency) return differs("agency_code", row.agency_code, agency);
  const std::string category =
      state.category ? std::string(*state.category) : submitted_text("category");
  if (row.category != category) return differs("category", row.category, category);
  if (state.due_known) {
    // As events record it: to the millisecond (FormatRfc3339).
    const auto text = [](const std::optional<Timestamp>& at) {
      return at ? FormatRfc3339(*at) : std::string("none");
    };
    const std::string due = text(row.due_at);
    if (due != text(state.due_at)) return differs("due_at", due, text(state.due_at));
  }
  if (row.escalation_level != state.escalation_level) {
    return differs("escalation_level", std::to_string(row.escalation_level),
                   std::to_string(state.escalation_level));
  }
  return "";
}

std::string SubmittedWebhookPayload(const std::string& tracking_code,
                                    const domain::CaseSubmission& submission,
                                    const std::string& agency_code, Timestamp at) {
  json j{{"tracking_code", tracking_code},
         {"event", "submitted"},
         {"status", "received"},
         {"at", FormatRfc3339(at)},
         {"kind", domain::ToString(submission.kind)},
         {"service_code", submission.service_code},
         {"agency_code", agency_code}};
  if (!submission.confidential) {
    j["title"] = domain::MaskPersonalText(submission.title, submission.reporter.name);
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool SameContent(const domain::ServiceStandard& a, const domain::ServiceStandard& b) {
  return ContentJson(a) == ContentJson(b);
}

std::string StringsToJson(const std::vector<std::string>& values) { return json(values).dump(); }

std::vector<std::string> StringsFromJson(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

std::string KindsToJson(const std::vector<domain::CaseKind>& kinds) {
  json j = json::array();
  for (auto k : kinds) j.push_back(std::string(domain::ToString(k)));
  return j.dump();
}

std::vector<domain::CaseKind> KindsFromJson(std::string_view text) {
  std::vector<domain::CaseKind> out;
  for (const auto& name : StringsFromJson(text)) {
    if (auto k = domain::ParseCaseKind(name)) out.push_back(*k);
  }
  return out;
}

std::string AttachmentsToJson(const std::vector<domain::Attachment>& attachments) {
  if (attachments.empty()) return "[]";
  std::string out;
  json_text::JsonWriter w(out);
  WriteAttachments(w, attachments);
  return out;
}

std::vector<std::string> PayloadFileHashes(std::string_view payload_json) {
  std::vector<std::string> out;
  if (payload_json.find("\"sha256\"") == std::string_view::npos) return out;
  const json payload = json::parse(payload_json, nullptr, false);
  if (!payload.is_object()) return out;
  const auto it = payload.find("attachments");
  if (it == payload.end() || !it->is_array()) return out;
  for (const auto& a : *it) {
    if (!a.is_object()) continue;
    const auto sha256 = a.find("sha256");
    if (sha256 != a.end() && sha256->is_string() &&
        !sha256->get_ref<const std::string&>().empty()) {
      out.push_back(sha256->get<std::string>());
    }
  }
  return out;
}

std::vector<domain::Attachment> AttachmentsFromJson(std::string_view text) {
  std::vector<domain::Attachment> out;
  if (text == "[]") return out;  // most cases: not worth a parse per read
  const json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& a : j) {
    if (!a.is_object()) continue;
    out.push_back({a.value("name", ""), a.value("content_type", ""),
                   a.value("size_bytes", int64_t{0}), a.value("sha256", ""), ""});
  }
  return out;
}

std::string AnswersToJson(const std::vector<domain::AttributeAnswer>& answers) {
  json j = json::array();
  for (const auto& a : answers) j.push_back({{"code", a.code}, {"values", a.values}});
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<domain::AttributeAnswer> AnswersFromJson(std::string_view text) {
  std::vector<domain::AttributeAnswer> out;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& a : j) {
    if (!a.is_object()) continue;
    out.push_back({a.value("code", ""), StringsFromJson(a.value("values", json::array()).dump())});
  }
  return out;
}

std::string ChoicesToJson(const std::vector<domain::AttributeValue>& values) {
  json j = json::array();
  for (const auto& v : values) j.push_back({{"key", v.key}, {"name", v.name}});
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<domain::AttributeValue> ChoicesFromJson(std::string_view text) {
  std::vector<domain::AttributeValue> out;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_object()) out.push_back({v.value("key", ""), v.value("name", "")});
  }
  return out;
}

std::string DaysBefore(std::string_view day, int days) {
  const auto date = ParseDay(day);
  if (!date) return "0000-00-00";
  return DayText(std::chrono::sys_days(*date) - std::chrono::days(days));
}

std::string TemporaryServicesToJson(const std::vector<PolicyRunState::TemporaryService>& services) {
  json out = json::array();
  for (const auto& s : services) out.push_back({{"code", s.code}, {"until", s.until}});
  return out.dump();
}

std::vector<PolicyRunState::TemporaryService> TemporaryServicesFromJson(std::string_view text) {
  std::vector<PolicyRunState::TemporaryService> out;
  const json parsed = json::parse(text, nullptr, false);
  if (!parsed.is_array()) return out;
  for (const auto& s : parsed) {
    if (s.is_object()) out.push_back({s.value("code", ""), s.value("until", "")});
  }
  return out;
}

}  // namespace sigap::store
