-- Early warning (issue 9): what the detectors read of each case event,
-- written beside it. A rebuild of the signals from the whole history read
-- every event joined to its case row (most of the database file: 541 s for
-- 10,000,000 events); this table holds only what the detectors use, in
-- the order they replay it. The trigger writes a row in the same
-- transaction as its event, from the case as it is then: an arrival's text
-- (title and description, the first 600 characters; empty for a
-- confidential case), a transfer's or return's payload (the agency and
-- deadline it set), and the case's kind, service, agency, place and
-- deadline. Existing events are copied from their case as it is now.
CREATE TABLE case_signals (
  event_id     INTEGER PRIMARY KEY,  -- case_events.id
  pemda_id     INTEGER NOT NULL,
  at           INTEGER NOT NULL,
  kind         TEXT NOT NULL,        -- the event's kind
  case_id      INTEGER NOT NULL,
  case_kind    TEXT NOT NULL,
  service_code TEXT NOT NULL,
  agency_code  TEXT NOT NULL,
  region_code  TEXT NOT NULL,
  due_at       INTEGER,
  detail       TEXT NOT NULL         -- an arrival's text, or a transfer's or return's payload
);

INSERT INTO case_signals
SELECT e.id, e.pemda_id, e.at, e.kind, c.id, c.kind, c.service_code, c.agency_code,
       c.region_code, c.due_at,
       CASE WHEN e.kind = 'submitted' AND c.confidential = 0
            THEN substr(c.title || ' ' || c.description, 1, 600)
            WHEN e.kind IN ('disposed', 'forwarded', 'info_provided', 'reopened') THEN e.payload
            ELSE '' END
FROM case_events e JOIN cases c ON c.id = e.case_id
WHERE e.kind IN ('submitted', 'resolved', 'rejected', 'merged', 'info_requested',
                 'info_provided', 'reopened', 'disposed', 'forwarded')
ORDER BY e.id;

CREATE INDEX case_signals_at ON case_signals(pemda_id, at, event_id);

CREATE TRIGGER case_events_signal AFTER INSERT ON case_events
WHEN NEW.kind IN ('submitted', 'resolved', 'rejected', 'merged', 'info_requested',
                  'info_provided', 'reopened', 'disposed', 'forwarded')
BEGIN
  INSERT INTO case_signals
  SELECT NEW.id, NEW.pemda_id, NEW.at, NEW.kind, c.id, c.kind, c.service_code, c.agency_code,
         c.region_code, c.due_at,
         CASE WHEN NEW.kind = 'submitted' AND c.confidential = 0
              THEN substr(c.title || ' ' || c.description, 1, 600)
              WHEN NEW.kind IN ('disposed', 'forwarded', 'info_provided', 'reopened')
              THEN NEW.payload
              ELSE '' END
  FROM cases c WHERE c.id = NEW.case_id;
END;

-- The replay reads ratings by time, a batch at a time: without this index
-- each batch sorted every rating of the Pemda.
CREATE INDEX case_ratings_time ON case_ratings(pemda_id, created_at, case_id);
