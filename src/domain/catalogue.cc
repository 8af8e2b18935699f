#include "domain/catalogue.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "domain/text.h"

namespace sigap::domain {

int RegionLevel(const std::string& code) {
  // Accepted shapes: PP, PP.KK, PP.KK.CC, PP.KK.CC.DDDD (digits only), as in
  // Kepmendagri 300.2.2-2138/2025 (every kecamatan code there has 2 digits).
  static constexpr size_t kLengths[] = {2, 2, 2, 4};
  size_t pos = 0;
  int level = 0;
  while (level < 4) {
    const size_t n = kLengths[level];
    if (pos + n > code.size()) return 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (code[i] < '0' || code[i] > '9') return 0;
    }
    pos += n;
    ++level;
    if (pos == code.size()) return level;
    if (code[pos] != '.') return 0;
    ++pos;
  }
  return 0;
}

std::string ParentRegionCode(const std::string& code) {
  const auto dot = code.rfind('.');
  return dot == std::string::npos ? std::string() : code.substr(0, dot);
}

namespace {

constexpr std::pair<AttributeType, std::string_view> kAttributeTypes[] = {
    {AttributeType::kString, "string"},
    {AttributeType::kNumber, "number"},
    {AttributeType::kDatetime, "datetime"},
    {AttributeType::kText, "text"},
    {AttributeType::kSingleValueList, "singlevaluelist"},
    {AttributeType::kMultiValueList, "multivaluelist"},
};

// A decimal number as people write one: an optional sign, digits, and a
// fraction after "." or "," ("1.5", "1,5", "-3"); not hexadecimal, an
// exponent or spaces, which strtod also took ("0x10", " 30").
bool IsNumber(const std::string& text) {
  if (text.empty() || text.size() > 64) return false;
  size_t i = text[0] == '+' || text[0] == '-' ? 1 : 0;
  const auto digits = [&] {
    const size_t from = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i > from;
  };
  if (!digits()) return false;
  if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
    ++i;
    if (!digits()) return false;
  }
  return i == text.size();
}

}  // namespace

std::string_view ToString(AttributeType type) {
  for (const auto& [t, name] : kAttributeTypes) {
    if (t == type) return name;
  }
  return "string";
}

std::optional<AttributeType> ParseAttributeType(std::string_view text) {
  for (const auto& [t, name] : kAttributeTypes) {
    if (name == text) return t;
  }
  return std::nullopt;
}

void NormalizeAnswers(const std::vector<ServiceAttribute>& attributes,
                      std::vector<AttributeAnswer>& answers) {
  for (auto& answer : answers) {
    const auto it = std::find_if(attributes.begin(), attributes.end(),
                                 [&](const ServiceAttribute& a) { return a.code == answer.code; });
    if (it == attributes.end() || it->datatype != AttributeType::kNumber) continue;
    for (auto& value : answer.values) {
      if (IsNumber(value)) std::replace(value.begin(), value.end(), ',', '.');
    }
  }
}

std::vector<FieldError> ValidateAnswers(const std::vector<ServiceAttribute>& attributes,
                                        const std::vector<AttributeAnswer>& answers,
                                        bool require_answers) {
  std::vector<FieldError> errors;
  auto field = [](const std::string& code) { return "attribute[" + code + "]"; };
  for (const auto& answer : answers) {
    const auto it = std::find_if(attributes.begin(), attributes.end(),
                                 [&](const ServiceAttribute& a) { return a.code == answer.code; });
    if (it == attributes.end()) {
      errors.push_back({field(answer.code), "unknown", "this service asks no such question"});
      continue;
    }
    if (!it->variable) {
      errors.push_back({field(answer.code), "not_a_question",
                        "information for the reporter, not a question to answer"});
      continue;
    }
    const ServiceAttribute& a = *it;
    if (a.datatype != AttributeType::kMultiValueList && answer.values.size() > 1) {
      errors.push_back({field(a.code), "too_many", "this question takes one answer"});
      continue;
    }
    if (answer.values.size() > 50) {
      errors.push_back({field(a.code), "too_many", "at most 50 answers"});
      continue;
    }
    if (std::any_of(answer.values.begin(), answer.values.end(), [&](const std::string& v) {
          return std::count(answer.values.begin(), answer.values.end(), v) > 1;
        })) {
      errors.push_back({field(a.code), "repeated", "each answer once"});
      continue;
    }
    for (const auto& value : answer.values) {
      // An empty answer is no answer: a required question says so below.
      if (value.empty()) continue;
      const size_t max = a.datatype == AttributeType::kText ? 4000 : 500;
      if (!IsValidUtf8(value)) {
        errors.push_back({field(a.code), "invalid_utf8", "not valid UTF-8"});
      } else if (HasControlCharacters(value, a.datatype == AttributeType::kText)) {
        errors.push_back({field(a.code), "control_characters", "contains control characters"});
      } else if (CodePointCount(value) > max) {
        errors.push_back({field(a.code), "too_long", "longer than " + std::to_string(max)});
      } else if (a.datatype == AttributeType::kNumber && !IsNumber(value)) {
        errors.push_back({field(a.code), "invalid_format", "must be a number"});
      } else if (a.datatype == AttributeType::kDatetime && !ParseRfc3339(value)) {
        errors.push_back({field(a.code), "invalid_format", "must be an ISO 8601 date and time"});
      } else if ((a.datatype == AttributeType::kSingleValueList ||
                  a.datatype == AttributeType::kMultiValueList) &&
                 std::none_of(a.values.begin(), a.values.end(),
                              [&](const AttributeValue& v) { return v.key == value; })) {
        std::vector<std::string> keys;
        for (const auto& v : a.values) keys.push_back(v.key);
        errors.push_back(
            {field(a.code), "invalid_value", "not one of the listed keys", std::move(keys)});
      } else {
        continue;
      }
      break;
    }
  }
  for (const auto& a : attributes) {
    if (!require_answers || !a.variable || !a.required) continue;
    const bool answered =
        std::any_of(answers.begin(), answers.end(), [&](const AttributeAnswer& x) {
          return x.code == a.code && std::any_of(x.values.begin(), x.values.end(),
                                                 [](const auto& v) { return !v.empty(); });
        });
    if (!answered) errors.push_back({field(a.code), "required", a.description});
  }
  return errors;
}

}  // namespace sigap::domain
