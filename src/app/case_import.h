#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/case_intake.h"
#include "app/case_workflow.h"
#include "domain/catalogue.h"
#include "domain/result.h"
#include "domain/time.h"
#include "store/store.h"

namespace sigap::app {

// One case of an older system as a file holds it, before any checking:
// every value is text as read ("" = absent), so that every problem is found
// and named here. Field names in errors are the API's paths ("title",
// "location.lat", "reporter.phone", "created_at", ...).
struct ImportRow {
  int64_t line = 0;       // where the row starts in its file, for messages
  std::string source_id;  // the old system's reference; unique per source
  std::string kind;       // complaint | request | aspiration | information
  std::string service_code;
  std::string category;
  std::string title;
  std::string description;
  std::string lat, lng;  // decimal degrees; both or neither
  std::string region_code;
  std::string address;
  std::string reporter_name, reporter_phone, reporter_email, reporter_nik;
  std::string anonymous, confidential;  // true/false, 1/0, yes/no, ya/tidak; "" = false
  std::string channel;                  // "" = import
  // received | verified | needs_info | rejected | disposed | in_progress |
  // resolved | closed
  std::string status;
  std::string agency_code;  // the lead agency; required from disposed on
  // RFC 3339 with an offset; created_at required, the others optional,
  // ordered created <= disposed <= resolved <= closed, none in the future.
  std::string created_at, disposed_at, resolved_at, closed_at;
  std::string response;  // public response of a resolved or closed case
  // What the reader already found wrong (a value of the wrong type, an
  // unknown key). A problem without a field means the row could not be read
  // at all, and it is not checked further.
  std::vector<FieldError> problems;
};

struct ImportOptions {
  // The older system's name: events say "import:<source>". Required; at
  // most 100 characters, no ':' and no control characters.
  std::string source;
  bool skip_invalid = false;  // write the valid rows even when others are invalid
  bool dry_run = false;       // check every row, write nothing
};

// A problem of one row.
struct ImportError {
  int64_t line = 0;
  FieldError error;  // field (may be "" for the whole row), code, message
};

// What an import did.
struct ImportReport {
  int imported = 0;         // cases written (on a dry run: that would be written)
  int already_present = 0;  // rows imported before (same source and source_id), not written again
  // Rows with errors: left out with skip_invalid, else nothing is written.
  int invalid = 0;
  int without_deadline = 0;  // open cases imported without a deadline (a year without calendar)
  bool written = false;      // false on a dry run, or when errors stopped the import
  std::vector<ImportError> errors;  // every problem, by line; never a personal value
};

// The ImportCases use case: migrates cases from an older system with their
// original dates and statuses. Each row is checked like a submission
// (CaseIntake::Prepare, with its original created_at) and for its lifecycle
// (known status, existing lead agency, ordered dates); its handling is what
// the status implies, counted from the original dates on the Pemda's
// working calendar (domain::ImportedHandling). Each case gets an internal
// `imported` event (source, source_id, original status and dates) and,
// when resolved with a response, a public `resolved` event.
//
// All valid rows are written in one transaction, oldest first (by
// created_at; rows of the same time in the file's order). A row is keyed by
// "import:<source>:<source_id>" (the idempotency mechanism), so importing
// the same file again writes nothing twice: those rows are counted as
// already present (as they were first imported; a changed row is not
// updated).
//
// Thread-safe (const; the store, intake and workflow are).
class CaseImport {
 public:
  // Every reference must outlive this object.
  CaseImport(store::Store& store, const CaseIntake& intake, const CaseWorkflow& workflow,
             const Clock& clock)
      : store_(store), intake_(intake), workflow_(workflow), clock_(clock) {}

  // Checks every row. With errors and without `skip_invalid`, writes
  // nothing and returns them all in the report (`written` false); with
  // `skip_invalid`, writes the valid rows and reports the others as skipped.
  // Duplicate source_ids in `rows`: the later row is an error. Fails with
  // kInvalidArgument naming `source` when options.source is unusable, and
  // with the store's or the calendar's errors (then nothing is written).
  [[nodiscard]] Result<ImportReport> Import(const domain::Pemda& pemda, std::vector<ImportRow> rows,
                                            const ImportOptions& options) const;

 private:
  store::Store& store_;
  const CaseIntake& intake_;
  const CaseWorkflow& workflow_;
  const Clock& clock_;
};

}  // namespace sigap::app
