#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.h"

namespace sigap::domain {

using PemdaId = int64_t;
using CaseId = int64_t;

// What a citizen submits (DESIGN.md glossary).
enum class CaseKind { kComplaint, kRequest, kAspiration, kInformation };

// Where a case stands. The foundation only creates `received`; the lifecycle
// (verification, disposition, ...) adds transitions between these states.
enum class CaseStatus {
  kReceived,
  kVerified,
  kNeedsInfo,
  kRejected,
  kDisposed,
  kInProgress,
  kResolved,
  kClosed,
  kMerged,
};

// How the case reached Sigap.
enum class Channel { kWeb, kApi, kOpen311, kImport, kSms, kEmail };

std::string_view ToString(CaseKind kind);
std::string_view ToString(CaseStatus status);
std::string_view ToString(Channel channel);
// Parse the snake_case names above; nullopt for anything else.
std::optional<CaseKind> ParseCaseKind(std::string_view text);
std::optional<CaseStatus> ParseCaseStatus(std::string_view text);
std::optional<Channel> ParseChannel(std::string_view text);
// Every name of a closed set, in order (an error's accepted values).
std::vector<std::string> CaseKindNames();
std::vector<std::string> CaseStatusNames();

struct GeoPoint {
  double lat = 0;
  double lng = 0;
};

// Any part may be missing: a citizen may give a pin, a kelurahan, an
// address, or nothing.
struct Location {
  std::optional<GeoPoint> point;
  std::string region_code;  // Kemendagri code, e.g. "33.74.01.1001"
  std::string address;
  std::string address_id;  // the client's id of the address (Open311), opaque
};

// Personal data: all optional, never logged, never public.
struct ReporterContact {
  std::string name;
  std::string phone;
  std::string email;
  std::string nik;  // Nomor Induk Kependudukan, 16 digits

  bool Empty() const { return name.empty() && phone.empty() && email.empty() && nik.empty(); }
};

// Metadata of a file attached to a case (the bytes live elsewhere).
struct Attachment {
  std::string name;
  std::string content_type;
  int64_t size_bytes = 0;
  std::string sha256;  // hex
  // What POST /api/v1/attachments answered with the file: a request that
  // names an uploaded file must show it (never stored).
  std::string upload_token;
};

// An answer to one of the service's questions (domain::ServiceAttribute,
// Open311 "attribute[CODE]"): one value, or several for a multivaluelist.
struct AttributeAnswer {
  std::string code;
  std::vector<std::string> values;
};

// What a citizen or a system submits, before it becomes a case.
struct CaseSubmission {
  CaseKind kind = CaseKind::kComplaint;
  std::string service_code;  // optional for complaints and aspirations
  std::string category;
  std::string title;
  std::string description;
  Location location;
  ReporterContact reporter;
  bool anonymous = false;     // identity hidden from agencies and the public
  bool confidential = false;  // the whole case visible only to reporter and handling agency
  Channel channel = Channel::kApi;
  std::vector<Attachment> attachments;
  // Open311 GeoReport v2 (migration 0004): answers to the service's
  // questions, a link to a photo kept elsewhere (public), and the client's
  // device and account ids (personal data, kept with the contact).
  std::vector<AttributeAnswer> attributes;
  std::string media_url;
  std::string device_id;
  std::string account_id;
  // The language the reporter filed in ("en"; "" for Bahasa Indonesia),
  // from the submission's Accept-Language: what they are written to in.
  std::string language;
};

// Which deadline a case is running against (Standar Pelayanan practice and
// SP4N-LAPOR!): verification by the complaint unit, the agency's first
// follow-up after disposition, resolution, and the wait before a resolved
// case closes by itself.
enum class Stage { kNone, kVerification, kFollowUp, kResolution, kAutoClose };

std::string_view ToString(Stage stage);
std::optional<Stage> ParseStage(std::string_view text);

// An agency that helps the lead agency (joint handling).
struct SupportingAgency {
  std::string agency_code;
  bool input_requested = false;  // the lead agency waits for its input
};

// How a case is being handled: the projection of its lifecycle events.
struct Handling {
  std::vector<SupportingAgency> supporting;
  std::string assignee;    // username of the officer in charge, if any
  std::string verifier;    // username of the verifier who handled it
  CaseId merged_into = 0;  // the surviving case, for merged and duplicate-rejected cases
  CaseStatus resume_status = CaseStatus::kReceived;  // where needs_info returns to
  std::string reject_reason;
  // The running deadline. Absent when no stage runs or the calendar could
  // not compute it (a year without its decree).
  Stage stage = Stage::kNone;
  std::optional<Timestamp> stage_started_at;
  std::optional<Timestamp> due_at;
  std::optional<Timestamp> due_soon_at;
  std::optional<Timestamp> paused_at;  // the clock is stopped (needs_info)
  int escalation_level = 0;            // 0 none, 1 due soon, 2 overdue, 3 inspectorate
  int priority = 0;  // 0 normal, 1 high, 2 urgent: raised by policy rules (issue 10)
  std::optional<Timestamp> next_check_at;  // when the deadline sweep must look again
  std::optional<Timestamp> disposed_at;    // first disposition: resolution counts from it
  std::optional<Timestamp> resolved_at;
  std::optional<Timestamp> reopen_until;  // the reporter may reopen until then

  bool Supports(std::string_view agency) const {
    for (const auto& s : supporting) {
      if (s.agency_code == agency) return true;
    }
    return false;
  }
};

// Where a case is by the Pemda's boundaries, and where the routing rules
// propose to send it (issue 5). Set at intake, never changed after.
struct Placement {
  std::string kelurahan_code;      // from the point, when a kelurahan boundary holds it
  std::string kecamatan_code;      // the kelurahan's, or the kecamatan boundary's
  bool outside_pemda = false;      // a point outside every boundary: accepted, never auto-routed
  std::string stated_region_code;  // the citizen's region_code when the point says otherwise
  std::string proposed_agency;     // the lead agency a routing rule proposes, "" for none
  std::string proposal_rule;       // which rule: "SERVICE@REGION" (REGION "*" = everywhere)
};

// A case as stored: the submission plus what Sigap assigned. The state
// fields are the projection of the case's events.
struct Case {
  CaseId id = 0;
  PemdaId pemda_id = 0;
  std::string tracking_code;
  CaseSubmission submission;
  std::string service_name;  // denormalised for listings
  int service_version = 0;   // the Standar Pelayanan version it was filed under
  std::string agency_code;   // responsible (lead) agency, when known
  CaseStatus status = CaseStatus::kReceived;
  Handling handling;
  Timestamp created_at{};
  Timestamp updated_at{};
  int64_t version = 1;  // bumps with every event; for If-Match
  Placement placement;
  int64_t supporters = 0;  // citizens who support the case (+1), each counted once
};

}  // namespace sigap::domain
