#pragma once

#include <nlohmann/json.hpp>

#include "app/case_intake.h"
#include "app/case_reader.h"
#include "domain/case.h"
#include "domain/result.h"

namespace sigap::api {

// Reads the body of POST /api/v1/cases (names fixed by the foundation issue;
// extend, never rename). Unknown members are ignored. kInvalidArgument with
// one FieldError per member of the wrong type or with an unknown value.
[[nodiscard]] Result<domain::CaseSubmission> SubmissionFromJson(const nlohmann::json& body,
                                                                domain::Channel channel);

// {"tracking_code", "status", "created_at", "reporter_secret", "links"}.
nlohmann::json ReceiptJson(const app::Submitted& submitted);

// One case as its viewer may see it, with its timeline.
nlohmann::json CaseViewJson(const app::CaseView& view);

// A line of a listing: no description, never an identity.
nlohmann::json CaseSummaryJson(const domain::Case& c);

}  // namespace sigap::api
