-- Policy rules acting live (issue 10). A case's priority, raised by a rule
-- (0 normal, 1 high, 2 urgent). Per Pemda, where the rule runner stands:
-- the last case event and alert it has read, the last day its schedule
-- triggers fired, the global kill switch with who turned it and when, and
-- the temporary services rules opened with the day each closes.
ALTER TABLE cases ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
CREATE TABLE policy_runs (
  pemda_id        INTEGER PRIMARY KEY REFERENCES pemdas(id),
  last_event_id   INTEGER NOT NULL DEFAULT 0,
  last_alert_id   INTEGER NOT NULL DEFAULT 0,
  last_daily      TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD, local
  killed          INTEGER NOT NULL DEFAULT 0,
  killed_by       TEXT NOT NULL DEFAULT '',
  killed_at       INTEGER,
  temporary       TEXT NOT NULL DEFAULT '[]'  -- [{"code", "until"}]
);
-- Who turned the kill switch on or off, and when (kept for ever).
CREATE TABLE policy_switch_audit (
  id        INTEGER PRIMARY KEY,
  pemda_id  INTEGER NOT NULL REFERENCES pemdas(id),
  killed    INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  at        INTEGER NOT NULL
);
-- Residents per region, as a Pemda imports them (`sigap import population`):
-- the dashboard's map shades kelurahan by cases per 10,000 residents.
ALTER TABLE regions ADD COLUMN population INTEGER;
