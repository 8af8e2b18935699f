#include "domain/case_validation.h"

#include <cmath>
#include <string>

#include "domain/catalogue.h"
#include "domain/text.h"

namespace sigap::domain {
namespace {

class Checker {
 public:
  explicit Checker(std::vector<FieldError>& errors) : errors_(errors) {}

  // Checks UTF-8, control characters and length. Returns false when a
  // problem was recorded.
  bool Text(const std::string& field, const std::string& value, size_t max, bool required,
            bool multiline) {
    if (value.empty()) {
      if (required) Add(field, "required", field + " is required");
      return !required;
    }
    const char* fault = TextFault(value, max, multiline);
    if (fault == nullptr) return true;
    const std::string_view code = fault;
    return Add(field, fault,
               field + (code == "invalid_utf8" ? " is not valid UTF-8"
                        : code == "control_characters"
                            ? " contains control characters"
                            : " is longer than " + std::to_string(max) + " characters"));
  }

  bool Add(const std::string& field, const std::string& code, const std::string& message) {
    errors_.push_back({field, code, message});
    return false;
  }

 private:
  std::vector<FieldError>& errors_;
};

bool IsPhone(const std::string& s) {
  // Indonesian and international numbers as people write them: optional
  // '+', 8–15 digits, spaces, hyphens, dots and an area code in
  // parentheses between them ("(024) 3515871", "0812.3456.7890").
  size_t digits = 0;
  int open = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '(' && open == 0) {
      ++open;
    } else if (c == ')' && open == 1) {
      --open;
    } else if (!(c == '+' && i == 0) && c != ' ' && c != '-' && c != '.') {
      return false;
    }
  }
  return open == 0 && digits >= 8 && digits <= 15;
}

bool IsEmail(const std::string& s) {
  const auto at = s.find('@');
  if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos) {
    return false;
  }
  const auto dot = s.find('.', at);
  if (dot == std::string::npos || dot == at + 1 || dot + 1 >= s.size()) return false;
  for (char c : s) {
    if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == ',' || c == ';') return false;
  }
  return s.size() <= 254;
}

bool IsNik(const std::string& s) {
  if (s.size() != 16) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

const char* TextFault(std::string_view value, size_t max, bool multiline) {
  if (!IsValidUtf8(value)) return "invalid_utf8";
  if (HasControlCharacters(value, multiline)) return "control_characters";
  if (CodePointCount(value) > max) return "too_long";
  return nullptr;
}

std::vector<FieldError> ValidateSubmission(const CaseSubmission& s,
                                           const SubmissionLimits& limits) {
  std::vector<FieldError> errors;
  Checker check(errors);

  check.Text("title", s.title, limits.title_max, true, false);
  check.Text("description", s.description, limits.description_max, true, true);
  check.Text("category", s.category, limits.category_max, false, false);
  if (s.kind == CaseKind::kRequest && s.service_code.empty()) {
    check.Add("service_code", "required", "a request (permohonan) must name its service");
  }

  if (s.location.point) {
    const auto& p = *s.location.point;
    if (!std::isfinite(p.lat) || p.lat < -90 || p.lat > 90) {
      check.Add("location.lat", "out_of_range", "latitude must be between -90 and 90");
    }
    if (!std::isfinite(p.lng) || p.lng < -180 || p.lng > 180) {
      check.Add("location.lng", "out_of_range", "longitude must be between -180 and 180");
    }
  }
  if (!s.location.region_code.empty() && RegionLevel(s.location.region_code) == 0) {
    check.Add("location.region_code", "invalid_format",
              "region_code must be a Kemendagri code like 33.74.01.1001");
  }
  check.Text("location.address", s.location.address, limits.address_max, false, false);

  const auto& r = s.reporter;
  check.Text("reporter.name", r.name, limits.name_max, false, false);
  if (!r.phone.empty() && !IsPhone(r.phone)) {
    check.Add(
        "reporter.phone", "invalid_format",
        "8 to 15 digits, with spaces, hyphens, dots or an area code in parentheses between them");
  }
  if (!r.email.empty() && !IsEmail(r.email)) {
    check.Add("reporter.email", "invalid_format", "email is not a valid address");
  }
  if (!r.nik.empty() && !IsNik(r.nik)) {
    check.Add("reporter.nik", "invalid_format", "nik must be exactly 16 digits");
  }

  // Open311 fields: identifiers and a link, never markup or control text.
  check.Text("address_id", s.location.address_id, 200, false, false);
  check.Text("device_id", s.device_id, 200, false, false);
  check.Text("account_id", s.account_id, 200, false, false);
  if (check.Text("media_url", s.media_url, 2000, false, false) && !s.media_url.empty() &&
      !IsWebUrl(s.media_url)) {
    check.Add("media_url", "invalid_format", "media_url must be an http(s) URL");
  }

  if (s.attachments.size() > limits.attachments_max) {
    check.Add("attachments", "too_many",
              "at most " + std::to_string(limits.attachments_max) + " attachments");
  }
  for (size_t i = 0; i < s.attachments.size() && i < limits.attachments_max; ++i) {
    const auto& a = s.attachments[i];
    const std::string base = "attachments[" + std::to_string(i) + "]";
    check.Text(base + ".name", a.name, 255, true, false);
    check.Text(base + ".content_type", a.content_type, 100, true, false);
    if (a.size_bytes < 0 || a.size_bytes > limits.attachment_bytes_max) {
      check.Add(base + ".size_bytes", "out_of_range", "attachment size is out of range");
    }
  }
  return errors;
}

}  // namespace sigap::domain
