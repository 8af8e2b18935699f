// Reading a policy rule from its file: JSON, or TOML read into the same
// tree, then one pass that names every field it cannot use.
#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>

#include "adapt/policy_rule.h"

namespace sigap::adapt {
namespace {

using nlohmann::json;

json FromToml(const toml::node& node) {
  if (const auto* t = node.as_table()) {
    json out = json::object();
    for (const auto& [key, value] : *t) out[std::string(key.str())] = FromToml(value);
    return out;
  }
  if (const auto* a = node.as_array()) {
    json out = json::array();
    for (const auto& value : *a) out.push_back(FromToml(value));
    return out;
  }
  if (const auto* s = node.as_string()) return s->get();
  if (const auto* i = node.as_integer()) return i->get();
  if (const auto* f = node.as_floating_point()) return f->get();
  if (const auto* b = node.as_boolean()) return b->get();
  return json(nullptr);  // dates and times: no rule field takes them
}

// A syntax error's place in Indonesian, from the parser's English words
// ("... at line 3, column 5: ..."): "baris 3, kolom 5: sintaks JSON tidak
// sah". The parser's own explanation is English only; --lang en shows it.
std::string SyntaxInIndonesian(std::string_view english, std::string_view format) {
  std::string where;
  if (const auto at = english.find("line "); at != std::string_view::npos) {
    int line = 0, column = 0;
    const char* end = english.data() + english.size();
    auto [p, ec] = std::from_chars(english.data() + at + 5, end, line);
    constexpr std::string_view kColumn = ", column ";
    if (ec == std::errc() &&
        std::string_view(p, static_cast<size_t>(end - p)).starts_with(kColumn)) {
      ec = std::from_chars(p + kColumn.size(), end, column).ec;
    }
    if (ec == std::errc() && line > 0) {
      where = "baris " + std::to_string(line);
      if (column > 0) where += ", kolom " + std::to_string(column);
      where += ": ";
    }
  }
  return where + "sintaks " + std::string(format) + " tidak sah";
}

// The names a condition's field and operator and an action's type may take.
const Choices& FieldNames() {
  static const Choices kNames =
      OneOf({"kind", "status", "service", "category", "agency", "region", "channel",
             "escalation_level", "priority", "supporters", "vulnerable", "deadline_state",
             "days_overdue", "alert_kind", "alert_score", "text"});
  return kNames;
}
const Choices& OpNames() {
  static const Choices kNames =
      OneOf({"eq", "ne", "in", "not_in", "gt", "ge", "lt", "le", "prefix", "contains"});
  return kNames;
}
const Choices& ActionNames() {
  static const Choices kNames =
      OneOf({"raise_priority", "escalate", "add_supporting_agency", "notify",
             "open_temporary_service", "adjust_deadline", "propose_capacity"});
  return kNames;
}

bool NumericField(PolicyField f) {
  return f == PolicyField::kEscalationLevel || f == PolicyField::kPriority ||
         f == PolicyField::kSupporters || f == PolicyField::kDaysOverdue ||
         f == PolicyField::kAlertScore || f == PolicyField::kVulnerable;
}

class Reader {
 public:
  std::vector<FieldError> errors;

  // The string at `key` of `obj`; "" when absent (a wrong type is an error).
  std::string Text(const json& obj, const char* key, const std::string& at) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return "";
    if (!it->is_string()) {
      Wrong(at, "a string", "teks");
      return "";
    }
    return it->get<std::string>();
  }
  int Int(const json& obj, const char* key, const std::string& at, int fallback) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return fallback;
    if (!it->is_number_integer()) {
      Wrong(at, "a whole number", "bilangan bulat");
      return fallback;
    }
    const auto v = it->get<int64_t>();
    if (v < -1000000 || v > 1000000) {
      errors.push_back({at, "out_of_range", ""});
      return fallback;
    }
    return static_cast<int>(v);
  }
  // `at` is not of the type expected (in English and in Indonesian).
  void Wrong(const std::string& at, const char* expected, const char* expected_id) {
    errors.push_back({at, "invalid_type", expected, {}, expected_id});
  }
  // Names each member of `obj` not in `known`: a misspelt "condition" must
  // not turn a rule for some cases into one for every case.
  void Unknown(const json& obj, std::initializer_list<std::string_view> known,
               const std::string& at) {
    for (const auto& [key, value] : obj.items()) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        errors.push_back({at + key, "unknown_field", ""});
      }
    }
  }
};

PolicyCondition ReadCondition(Reader& r, const json& c, const std::string& at) {
  PolicyCondition out;
  if (!c.is_object()) {
    r.Wrong(at, "an object {field, op, value}", "objek {field, op, value}");
    return out;
  }
  r.Unknown(c, {"field", "op", "value", "values"}, at + ".");
  const std::string field = r.Text(c, "field", at + ".field");
  if (auto f = ParsePolicyField(field)) {
    out.field = *f;
  } else {
    r.errors.push_back({at + ".field",
                        field.empty() ? "required" : "invalid_value",
                        FieldNames().en,
                        {},
                        FieldNames().id});
  }
  const std::string op = c.contains("op") ? r.Text(c, "op", at + ".op") : "eq";
  if (auto o = ParsePolicyOp(op)) {
    out.op = *o;
  } else {
    r.errors.push_back({at + ".op", "invalid_value", OpNames().en, {}, OpNames().id});
  }
  auto take = [&](const json& v, const std::string& where) {
    if (v.is_string()) {
      out.values.push_back(v.get<std::string>());
    } else if (v.is_number()) {
      out.number = v.get<double>();
      out.values.push_back(v.dump());
    } else if (v.is_boolean()) {
      out.number = v.get<bool>() ? 1 : 0;
      out.values.push_back(v.get<bool>() ? "true" : "false");
    } else {
      r.Wrong(where, "a string, number or boolean", "teks, angka, atau true/false");
    }
  };
  if (const auto it = c.find("value"); it != c.end()) take(*it, at + ".value");
  if (const auto it = c.find("values"); it != c.end()) {
    if (!it->is_array()) {
      r.Wrong(at + ".values", "an array", "larik [...]");
    } else {
      for (size_t i = 0; i < it->size(); ++i) {
        take((*it)[i], at + ".values[" + std::to_string(i) + "]");
      }
    }
  }
  return out;
}

PolicyAction ReadAction(Reader& r, const json& a, const std::string& at) {
  PolicyAction out;
  if (!a.is_object()) {
    r.Wrong(at, "an object {type, ...}", "objek {type, ...}");
    return out;
  }
  const std::string type = r.Text(a, "type", at + ".type");
  if (auto k = ParseActionKind(type)) {
    out.kind = *k;
  } else {
    r.errors.push_back({at + ".type",
                        type.empty() ? "required" : "invalid_value",
                        ActionNames().en,
                        {},
                        ActionNames().id});
  }
  // Who an action reaches is "to" for a message, "agency" for the rest.
  const bool message = out.kind == ActionKind::kEscalate || out.kind == ActionKind::kNotify;
  r.Unknown(a,
            {"type", message ? "to" : "agency", "level", "stage", "days", "code", "name",
             "completion_days", "days_open", "officers", "note"},
            at + ".");
  out.target = message ? r.Text(a, "to", at + ".to") : r.Text(a, "agency", at + ".agency");
  out.level = r.Text(a, "level", at + ".level");
  const std::string stage = r.Text(a, "stage", at + ".stage");
  if (out.kind == ActionKind::kAdjustDeadline) {
    if (auto s = ParseDeadlineStage(stage)) {
      out.stage = *s;
    } else {
      const Choices stages =
          OneOf({"verification", "follow_up", "resolution", "auto_close", "reopen_window"});
      r.errors.push_back(
          {at + ".stage", stage.empty() ? "required" : "invalid_value", stages.en, {}, stages.id});
    }
  }
  out.days = r.Int(a, "days", at + ".days", 0);
  out.code = r.Text(a, "code", at + ".code");
  out.name = r.Text(a, "name", at + ".name");
  out.completion_days = r.Int(a, "completion_days", at + ".completion_days", 0);
  out.days_open = r.Int(a, "days_open", at + ".days_open", 0);
  out.officers = r.Int(a, "officers", at + ".officers", 0);
  out.note = r.Text(a, "note", at + ".note");
  return out;
}

}  // namespace

Result<PolicyRule> ParsePolicyRule(std::string_view text, std::string_view format,
                                   const PolicyLimits& limits) {
  json doc;
  if (format == "json") {
    try {
      doc = json::parse(text);
    } catch (const json::parse_error& e) {
      // nlohmann says "at line L, column C"; keep its words.
      return Fail(ErrorCode::kInvalidArgument, e.what(),
                  {{"", "syntax", e.what(), {}, SyntaxInIndonesian(e.what(), "JSON")}});
    }
  } else if (format == "toml") {
    try {
      doc = FromToml(toml::parse(text));
    } catch (const toml::parse_error& e) {
      std::ostringstream where;
      where << "line " << e.source().begin.line << ", column " << e.source().begin.column << ": "
            << e.description();
      return Fail(ErrorCode::kInvalidArgument, where.str(),
                  {{"", "syntax", where.str(), {}, SyntaxInIndonesian(where.str(), "TOML")}});
    }
  } else {
    return Fail(
        ErrorCode::kInvalidArgument, "format: json or toml",
        {{"format", "invalid_value", OneOf({"json", "toml"}).en, {}, OneOf({"json", "toml"}).id}});
  }
  if (!doc.is_object()) {
    return Fail(ErrorCode::kInvalidArgument, "a rule is an object", {{"", "invalid_type", ""}});
  }

  Reader r;
  r.Unknown(doc,
            {"name", "basis", "enabled", "rate_limit_per_hour", "scope", "trigger", "conditions",
             "actions"},
            "");
  PolicyRule rule;
  rule.name = r.Text(doc, "name", "name");
  rule.basis = r.Text(doc, "basis", "basis");
  if (const auto it = doc.find("enabled"); it != doc.end()) {
    if (it->is_boolean()) {
      rule.enabled = it->get<bool>();
    } else {
      r.Wrong("enabled", "true or false", "true atau false");
    }
  }
  rule.max_per_hour = r.Int(doc, "rate_limit_per_hour", "rate_limit_per_hour", 60);
  if (const auto it = doc.find("scope"); it != doc.end()) {
    if (!it->is_object()) {
      r.Wrong("scope", "an object", "objek");
    } else {
      r.Unknown(*it, {"agency", "service", "category", "region", "kind"}, "scope.");
      rule.scope.agency = r.Text(*it, "agency", "scope.agency");
      rule.scope.service = r.Text(*it, "service", "scope.service");
      rule.scope.category = r.Text(*it, "category", "scope.category");
      rule.scope.region = r.Text(*it, "region", "scope.region");
      rule.scope.kind = r.Text(*it, "kind", "scope.kind");
    }
  }
  if (const auto it = doc.find("trigger"); it != doc.end()) {
    if (!it->is_object() || it->size() != 1) {
      r.Wrong("trigger", "one of {event|deadline|alert|schedule: VALUE}",
              "salah satu dari {event|deadline|alert|schedule: NILAI}");
    } else {
      const std::string key = it->begin().key();
      if (auto k = ParseTriggerKind(key)) {
        rule.trigger = *k;
        rule.trigger_value = r.Text(*it, key.c_str(), "trigger." + key);
      } else {
        const Choices triggers = OneOf({"event", "deadline", "alert", "schedule"});
        r.errors.push_back({"trigger." + key, "invalid_value", triggers.en, {}, triggers.id});
        rule.trigger_value = "?";
      }
    }
  }
  if (const auto it = doc.find("conditions"); it != doc.end()) {
    if (!it->is_array()) {
      r.Wrong("conditions", "an array", "larik [...]");
    } else if (it->size() > kMaxRuleConditions) {
      // Not read one by one: 20,000 of them would be 20,000 errors.
      r.errors.push_back({"conditions",
                          "too_many",
                          "at most " + std::to_string(kMaxRuleConditions) + " conditions",
                          {},
                          "paling banyak " + std::to_string(kMaxRuleConditions) + " syarat"});
    } else {
      for (size_t i = 0; i < it->size(); ++i) {
        rule.conditions.push_back(
            ReadCondition(r, (*it)[i], "conditions[" + std::to_string(i) + "]"));
      }
    }
  }
  if (const auto it = doc.find("actions"); it != doc.end()) {
    if (!it->is_array()) {
      r.Wrong("actions", "an array", "larik [...]");
    } else if (it->size() > kMaxRuleActions) {
      r.errors.push_back({"actions",
                          "too_many",
                          "at most " + std::to_string(kMaxRuleActions) + " actions",
                          {},
                          "paling banyak " + std::to_string(kMaxRuleActions) + " aksi"});
    } else {
      for (size_t i = 0; i < it->size(); ++i) {
        rule.actions.push_back(ReadAction(r, (*it)[i], "actions[" + std::to_string(i) + "]"));
      }
    }
  }
  // A field already refused while reading, or a part of an object whose
  // reading failed ("actions[0]" of unknown type), is not refused again.
  const std::vector<FieldError> read_errors = r.errors;
  for (const auto& e : ValidateRule(rule, limits)) {
    bool seen = false;
    for (const auto& have : read_errors) {
      const size_t dot = have.field.rfind('.');
      const std::string parent = dot == std::string::npos ? "" : have.field.substr(0, dot + 1);
      seen = seen || have.field == e.field || (!parent.empty() && e.field.starts_with(parent));
    }
    if (!seen) r.errors.push_back(e);
  }
  if (!r.errors.empty()) {
    std::string message = "invalid rule:";
    for (const auto& e : r.errors) message += " " + e.field + " (" + e.code + ")";
    return Fail(ErrorCode::kInvalidArgument, message, std::move(r.errors));
  }
  return rule;
}

std::string PolicyRuleToJson(const PolicyRule& rule) {
  json scope = json::object();
  auto put = [](json& obj, const char* key, const std::string& value) {
    if (!value.empty()) obj[key] = value;
  };
  put(scope, "agency", rule.scope.agency);
  put(scope, "service", rule.scope.service);
  put(scope, "category", rule.scope.category);
  put(scope, "region", rule.scope.region);
  put(scope, "kind", rule.scope.kind);
  json conditions = json::array();
  for (const auto& c : rule.conditions) {
    json values = json::array();
    for (const auto& v : c.values) {
      // Operands read from numbers and booleans go back as such.
      double x = 0;
      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
      const bool number =
          !v.empty() && ec == std::errc() && end == v.data() + v.size() && std::isfinite(x);
      if (!NumericField(c.field)) {
        values.push_back(v);
      } else if (v == "true" || v == "false") {
        values.push_back(v == "true");
      } else if (number && x == std::floor(x) && std::abs(x) < 1e15) {
        values.push_back(static_cast<int64_t>(x));
      } else if (number) {
        values.push_back(x);
      } else {
        values.push_back(v);
      }
    }
    json out{{"field", ToString(c.field)}, {"op", ToString(c.op)}};
    if (values.size() == 1) {
      out["value"] = values[0];
    } else if (values.empty()) {
      out["value"] = c.number;
    } else {
      out["values"] = values;
    }
    conditions.push_back(std::move(out));
  }
  json actions = json::array();
  for (const auto& a : rule.actions) {
    json out{{"type", ToString(a.kind)}};
    switch (a.kind) {
      case ActionKind::kEscalate:
      case ActionKind::kNotify:
        put(out, "to", a.target);
        break;
      default:
        put(out, "agency", a.target);
        break;
    }
    put(out, "level", a.level);
    if (a.kind == ActionKind::kAdjustDeadline) out["stage"] = ToString(a.stage);
    if (a.days != 0) out["days"] = a.days;
    put(out, "code", a.code);
    put(out, "name", a.name);
    if (a.completion_days != 0) out["completion_days"] = a.completion_days;
    if (a.days_open != 0) out["days_open"] = a.days_open;
    if (a.officers != 0) out["officers"] = a.officers;
    put(out, "note", a.note);
    actions.push_back(std::move(out));
  }
  json doc{{"name", rule.name},
           {"basis", rule.basis},
           {"rate_limit_per_hour", rule.max_per_hour},
           {"scope", std::move(scope)},
           {"trigger", {{std::string(ToString(rule.trigger)), rule.trigger_value}}},
           {"conditions", std::move(conditions)},
           {"actions", std::move(actions)}};
  return doc.dump();
}

}  // namespace sigap::adapt
