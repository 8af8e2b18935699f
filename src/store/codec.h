#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/case.h"
#include "domain/catalogue.h"
#include "domain/lifecycle.h"
#include "domain/result.h"
#include "store/store.h"

namespace sigap::store {

// Serialisations shared by every backend for columns that hold structured
// values (JSON text). Parsing returns kInternal on corrupt data.

std::string StandardToJson(const domain::ServiceStandard& standard);
[[nodiscard]] Result<domain::ServiceStandard> StandardFromJson(std::string_view json);

std::string StringsToJson(const std::vector<std::string>& values);
std::vector<std::string> StringsFromJson(std::string_view json);

std::string KindsToJson(const std::vector<domain::CaseKind>& kinds);
std::vector<domain::CaseKind> KindsFromJson(std::string_view json);

std::string AttachmentsToJson(const std::vector<domain::Attachment>& attachments);
std::vector<domain::Attachment> AttachmentsFromJson(std::string_view json);

// The SHA-256 of each file an event's payload attaches (its "attachments":
// a case's submission, an officer's action). Payloads that name no file
// are not parsed.
std::vector<std::string> PayloadFileHashes(std::string_view payload_json);

// The payload of a case's `submitted` event: everything submitted except the
// reporter's contact (kept apart so it can be erased without breaking the
// audit chain).
std::string SubmittedPayload(const domain::CaseSubmission& submission, int service_version,
                             const std::string& agency_code);

// The status, lead agency, category, deadline and escalation level each
// case's events project to, fed the hash chain in its order. The chain
// guards the events, not the case rows every page and listing is read
// from: `sigap audit verify` compares the rows with this, so an UPDATE made
// outside Sigap that "closes" a complaint, moves it to another agency,
// pushes its deadline back or lowers its escalation is found like an
// edited event.
//
// The deadline is known from the events that record it (their payload's
// `due_at`, domain::Decide's AddDue: disposed, forwarded, started,
// reopened, info_provided, escalated, deadline_counted and
// deadline_adjusted) or that end the stage (rejected, closed, merged: none).
// The deadline a stage gets when the case is submitted, resolved (the
// auto-close wait) or imported is counted on the calendar and policy of
// that moment and recorded by no event: it is unknown, and not compared,
// until a later event records one. A request for information pauses the
// clock without moving the deadline.
class CaseProjection {
 public:
  // The next event of the chain. Only the kinds that move the lead agency,
  // the category, the deadline or the escalation level, or that import a
  // status, have their payload read.
  void Add(int64_t case_id, std::string_view kind, std::string_view payload_json);

  // The agency and category are nullopt while they are what the case's
  // submitted event says (CaseRowProblem reads that payload anyway): a
  // million submissions are not parsed twice.
  struct State {
    std::string_view status;  // "" for a case no event names
    std::optional<std::string_view> agency_code;
    std::optional<std::string_view> category;
    bool due_known = false;           // an event says what the deadline is
    std::optional<Timestamp> due_at;  // when due_known: the deadline (milliseconds), or none
    int escalation_level = 0;
  };
  State Of(int64_t case_id) const;

 private:
  static constexpr uint32_t kAsSubmitted = UINT32_MAX;
  // Entry::due_ms when no deadline runs, and when no event says.
  static constexpr int64_t kNoDue = INT64_MIN;
  static constexpr int64_t kDueUnknown = INT64_MIN + 1;
  struct Entry {
    domain::CaseStatus status = domain::CaseStatus::kReceived;
    domain::CaseStatus before_info = domain::CaseStatus::kReceived;  // needs_info resumes here
    bool seen = false;
    int32_t escalation_level = 0;
    uint32_t agency = kAsSubmitted;  // into names_
    uint32_t category = kAsSubmitted;
    int64_t due_ms = kDueUnknown;  // the deadline, milliseconds since the epoch
  };
  uint32_t Name(std::string_view text);
  Entry& At(int64_t case_id);

  // By case id: ids are dense, except where a sequence skipped some, or an
  // id was forged far past the events read (kept aside, never allocated).
  std::vector<Entry> cases_;
  std::unordered_map<int64_t, Entry> far_;
  size_t added_ = 0;
  std::vector<std::string> names_{std::string()};
  std::unordered_map<std::string, uint32_t> ids_{{std::string(), 0}};
};

// What a case row says: of its submission, which nothing changes after it
// is filed (compared with the submitted event), and what its events
// project (compared with CaseProjection).
struct CaseColumns {
  int64_t id = 0;
  std::string tracking_code;
  std::string kind;
  std::string title;
  std::string description;
  bool anonymous = false;
  bool confidential = false;
  std::string status;
  std::string agency_code;
  std::string category;
  // Also of the submission: the service and the place it was filed for.
  std::string service_code;
  std::string region_code;
  std::string address;
  std::optional<double> lat;
  std::optional<double> lng;
  // Of the handling: the running deadline and the escalation level.
  std::optional<Timestamp> due_at;
  int escalation_level = 0;
};
// What AuditReport says is wrong with the case whose row is `row`: it has
// no submitted event (`event_id` 0), a column differs from that event's
// payload (SubmittedPayload), or its status, agency, category, deadline
// (where its events say it) or escalation level is not what its events
// made it; "" when they agree.
std::string CaseRowProblem(const CaseColumns& row, int64_t event_id, std::string_view payload_json,
                           const CaseProjection& projection);

// The payload of the `submitted` webhook a new case sends its subscribers,
// as the lifecycle's webhooks are: what the case is, never who filed it,
// and no title for a confidential case.
std::string SubmittedWebhookPayload(const std::string& tracking_code,
                                    const domain::CaseSubmission& submission,
                                    const std::string& agency_code, Timestamp at);

// A lifecycle payload as a JSON object.
std::string PayloadToJson(const domain::Payload& payload);

// Open311 answers of a case ([{"code","values"}]) and the allowed values
// of a list question ([{"key","name"}]). Corrupt text reads as empty.
std::string AnswersToJson(const std::vector<domain::AttributeAnswer>& answers);
std::vector<domain::AttributeAnswer> AnswersFromJson(std::string_view json);
std::string ChoicesToJson(const std::vector<domain::AttributeValue>& values);
std::vector<domain::AttributeValue> ChoicesFromJson(std::string_view json);

// True when two standards have the same content (version and dates aside).
bool SameContent(const domain::ServiceStandard& a, const domain::ServiceStandard& b);

// The temporary services of a policy run (PolicyRunState) as the column
// keeps them: [{"code", "until"}]. Unreadable text reads as none.
std::string TemporaryServicesToJson(const std::vector<PolicyRunState::TemporaryService>& services);
std::vector<PolicyRunState::TemporaryService> TemporaryServicesFromJson(std::string_view text);

// Dates are stored as DayText ("YYYY-MM-DD", domain/time.h), so that they
// sort and read plainly, and read back with ParseDay. DaysBefore returns the
// day `days` before `day` so written ("0000-00-00" when `day` is not a date).
std::string DaysBefore(std::string_view day, int days);

}  // namespace sigap::store
