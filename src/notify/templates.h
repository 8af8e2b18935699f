#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace sigap::notify {

// Who reads an e-mail: the citizen who reported the case, or an officer.
enum class Reader { kCitizen, kOfficer };

struct EmailContent {
  std::string subject;
  std::string body;  // plain text, "\n" line ends
};

struct TemplateContext {
  // Links: <base_url>/lacak/<code> for citizens, <base_url>/petugas/kasus/<code>
  // for officers.
  std::string base_url;
  std::chrono::minutes utc_offset{7 * 60};  // the Pemda's (WIB), for dates in the text
  // The full name of the officer in payload.requested_by ("user:NAME"),
  // when the account has one: how an officer's e-mail names who asked.
  // "" = by username.
  std::string requester_name = "";
};

// The e-mail telling `reader` about an event of kind `kind` ("disposed",
// "resolved", ...), from the outbox payload (a JSON object whose members
// tracking_code, status, title, text, agency_code, agency_name (of
// agency_code), lead_agency_name, reason, level, rule, due_at, at, lang,
// recipient_role and requested_by may each be absent). In English when
// payload.lang is "en", else in Bahasa Indonesia. Citizens get specific
// wording for submitted, verified, disposed, public_update, resolved,
// closed, needs_info (or info_requested), rejected, merged and reopened;
// officers for disposed, forwarded, escalated, assigned, input_requested and
// input_provided, and a supporting agency (recipient_role "supporting") its
// own for disposed, agency_added and forwarded (the lead changed), or
// (recipient_role "support_ended") that a forward ended its support, with
// no link to a case it may no longer open; any other kind gets a general
// message naming the event and status. Never fails.
EmailContent RenderEmail(std::string_view kind, const nlohmann::json& payload, Reader reader,
                         const TemplateContext& context);

// The JSON body of a webhook call: {"id": outbox id, "event": kind,
// "tracking_code", "status", "at"} (null when absent) and the payload's
// public fields title, text, agency_code, agency_name, lead_agency_code,
// lead_agency_name, reason, level, rule and due_at when present. Any other payload member is left
// out, so personal data cannot reach a subscriber even if it were put there.
std::string WebhookBody(int64_t id, std::string_view kind, const nlohmann::json& payload);

}  // namespace sigap::notify
