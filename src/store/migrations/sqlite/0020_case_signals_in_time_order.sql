-- case_signals kept in the order a rebuild reads it: by Pemda, time and
-- event. A rebuild of the detectors (issue 9) reads the whole table by
-- (pemda_id, at, event_id). Through the index of 0018 each row was then a
-- look-up by event id, and where the event ids do not follow time (a case
-- filed with its history at once, as an import does) each look-up read a
-- page of its own: 9,965,916 events of 3,370,000 imported cases took 40 s
-- to rebuild, most of it reading (bench/RESULTS.md). Stored in that order,
-- the rebuild reads the table from end to end. Live events come in time
-- order and are appended. The event id's own index serves the watch's
-- reads of what is new since a tick (Store::ListSignals).
CREATE TABLE case_signals_by_time (
  pemda_id     INTEGER NOT NULL,
  at           INTEGER NOT NULL,
  event_id     INTEGER NOT NULL,  -- case_events.id
  kind         TEXT NOT NULL,
  case_id      INTEGER NOT NULL,
  case_kind    TEXT NOT NULL,
  service_code TEXT NOT NULL,
  agency_code  TEXT NOT NULL,
  region_code  TEXT NOT NULL,
  due_at       INTEGER,
  detail       TEXT NOT NULL,
  PRIMARY KEY (pemda_id, at, event_id)
) WITHOUT ROWID;

INSERT INTO case_signals_by_time
SELECT pemda_id, at, event_id, kind, case_id, case_kind, service_code, agency_code, region_code,
       due_at, detail
FROM case_signals ORDER BY pemda_id, at, event_id;

-- The old table is renamed, not dropped: dropping it inside the migration's
-- transaction made SQLite journal every page it freed, in memory (3.3 GB
-- for 10,000,000 events). SqliteStore::Migrate drops it once this has
-- committed, as a statement of its own.
ALTER TABLE case_signals RENAME TO case_signals_0018;
ALTER TABLE case_signals_by_time RENAME TO case_signals;
CREATE UNIQUE INDEX case_signals_event ON case_signals(pemda_id, event_id);
