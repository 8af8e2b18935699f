#pragma once

#include <string_view>
#include <vector>

#include "domain/case.h"
#include "domain/result.h"

namespace sigap::domain {

// Limits on what a submission may carry. Generous for real reports, small
// enough that a hostile client cannot fill the disk with one request.
struct SubmissionLimits {
  size_t title_max = 200;         // code points
  size_t description_max = 5000;  // code points
  size_t address_max = 500;
  size_t name_max = 100;
  size_t category_max = 200;  // a taxonomy code (domain::kCategoryCodeMax) or free text
  size_t attachments_max = 10;
  int64_t attachment_bytes_max = 20 * 1024 * 1024;
};

// What is wrong with one line or text of a submission, as a FieldError
// code: "invalid_utf8", "control_characters" (any but tab, line feed and
// carriage return when `multiline`, any at all otherwise) or "too_long"
// (more than `max` code points); nullptr when nothing is.
const char* TextFault(std::string_view value, size_t max, bool multiline);

// Checks a submission on its own (no store look-ups): required fields,
// lengths in code points, UTF-8, control characters, coordinate ranges,
// region code shape, phone, e-mail and NIK formats. Returns every problem
// found, empty when the submission is acceptable. Text fields are expected
// to be trimmed already.
std::vector<FieldError> ValidateSubmission(const CaseSubmission& submission,
                                           const SubmissionLimits& limits = {});

}  // namespace sigap::domain
