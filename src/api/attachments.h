#pragma once

#include <vector>

#include "api/context.h"
#include "domain/case.h"
#include "domain/result.h"

namespace sigap::api {

// Checks that every attachment a request names by `sha256` was uploaded to
// this Pemda (POST /api/v1/attachments), and takes its type and size from
// what was stored, not from what the client claims. A validation error
// names "<field>[i].sha256".
Status ResolveAttachments(ApiContext& ctx, domain::PemdaId pemda,
                          std::vector<domain::Attachment>& attachments,
                          std::string_view field = "attachments");

}  // namespace sigap::api
