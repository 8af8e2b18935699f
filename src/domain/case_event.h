#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/case.h"
#include "domain/time.h"

namespace sigap::domain {

// Event kinds written so far. Kinds are strings in storage so that new ones
// (verified, disposed, forwarded, ...) need no schema change.
namespace event_kind {
inline constexpr std::string_view kSubmitted = "submitted";
}  // namespace event_kind

// One append-only fact about a case. Events are never updated or deleted;
// each carries the hash of its predecessor in the deployment-wide chain, so
// `sigap audit verify` detects any edit, insertion or deletion.
struct CaseEvent {
  int64_t id = 0;  // position in the chain, 1-based
  PemdaId pemda_id = 0;
  CaseId case_id = 0;
  std::string kind;
  std::string actor;  // "citizen", "user:<username>", "apikey:<name>", "system"
  Timestamp at{};
  std::string payload_json;  // kind-specific data; never the reporter's contact
  bool is_public = false;    // shown on the citizen's timeline
  std::string prev_hash;     // hex SHA-256 of the previous event, "" for the first
  std::string hash;          // hex SHA-256 of this event (see EventHash)
};

// Returns the hex SHA-256 over the predecessor's hash and every field of the
// event except `hash` itself, each length-prefixed so no two events share an
// encoding.
std::string EventHash(const CaseEvent& event);

}  // namespace sigap::domain
