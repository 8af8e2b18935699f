-- Case lifecycle: the handling projection of each case, the agencies that
-- handle it, deadlines for the escalation sweep, regional days off, the
-- notification outbox and webhook subscribers.

-- Projection fields (the events stay the truth; these are derived).
ALTER TABLE cases ADD COLUMN assignee         TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN verifier         TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN merged_into      INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN resume_status    TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN reject_reason    TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN stage            TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN stage_started_at INTEGER;
ALTER TABLE cases ADD COLUMN due_at           INTEGER;
ALTER TABLE cases ADD COLUMN due_soon_at      INTEGER;
ALTER TABLE cases ADD COLUMN paused_at        INTEGER;
ALTER TABLE cases ADD COLUMN escalation_level INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN next_check_at    INTEGER;
ALTER TABLE cases ADD COLUMN disposed_at      INTEGER;
ALTER TABLE cases ADD COLUMN resolved_at      INTEGER;
ALTER TABLE cases ADD COLUMN reopen_until     INTEGER;

-- The escalation sweep reads only cases with a pending check, in order.
CREATE INDEX cases_next_check ON cases(next_check_at) WHERE next_check_at IS NOT NULL;
CREATE INDEX cases_merged_into ON cases(merged_into) WHERE merged_into <> 0;

-- Supporting agencies of a case (joint handling); the lead agency is
-- cases.agency_code. `input_requested` is set while the lead agency waits
-- for the supporting agency's input.
CREATE TABLE case_agencies (
  case_id         INTEGER NOT NULL REFERENCES cases(id),
  agency_code     TEXT NOT NULL,
  input_requested INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (case_id, agency_code)
) WITHOUT ROWID;
CREATE INDEX case_agencies_agency ON case_agencies(agency_code, case_id);

-- Days off a Pemda declares (kind 'regional'), and corrections of national
-- dates when a decree is revised: 'national'/'cuti_bersama' rows add a day,
-- 'cancelled' rows remove one the data files list.
CREATE TABLE calendar_days (
  pemda_id   INTEGER NOT NULL REFERENCES pemdas(id),
  date       TEXT NOT NULL,  -- YYYY-MM-DD, local date of the Pemda
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL,  -- regional | libur_nasional | cuti_bersama | cancelled
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (pemda_id, date)
) WITHOUT ROWID;

-- Officers' e-mail addresses, for dispositions and escalations.
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';

-- Messages written in the same transaction as the event they tell about;
-- a sender delivers them with retries. `next_attempt_at` is NULL once the
-- message is delivered or given up.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  pemda_id        INTEGER NOT NULL,
  case_id         INTEGER NOT NULL,
  event_id        INTEGER NOT NULL,
  channel         TEXT NOT NULL,  -- email | webhook
  audience        TEXT NOT NULL,  -- reporter | agency:CODE | agency_head:CODE | user:NAME | inspectorate | webhook:ID
  template        TEXT NOT NULL,  -- the event kind the message tells about
  payload         TEXT NOT NULL,  -- JSON, never the reporter's contact
  created_at      INTEGER NOT NULL,
  next_attempt_at INTEGER,
  attempts        INTEGER NOT NULL DEFAULT 0,
  delivered_at    INTEGER,
  last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE next_attempt_at IS NOT NULL;

CREATE TABLE webhooks (
  id         INTEGER PRIMARY KEY,
  pemda_id   INTEGER NOT NULL REFERENCES pemdas(id),
  url        TEXT NOT NULL,
  secret     TEXT NOT NULL,
  events     TEXT NOT NULL DEFAULT '[]',  -- JSON array of event kinds; empty = all public ones
  active     INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
