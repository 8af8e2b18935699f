-- Early-warning alerts (issue 9): what the detectors found, with the
-- evidence of the latest day a persisting change was seen, and the
-- lifecycle new -> acknowledged -> actioned -> closed with who, when and why.

CREATE TABLE alerts (
  id            INTEGER PRIMARY KEY,
  pemda_id      INTEGER NOT NULL REFERENCES pemdas(id),
  detector      TEXT NOT NULL,   -- city_shift | local_cluster | emerging_topic | falling_rating | growing_backlog
  group_key     TEXT NOT NULL,   -- drafts of one group that overlap update one alert
  status        TEXT NOT NULL DEFAULT 'new',  -- new | acknowledged | actioned | closed
  category_code TEXT NOT NULL DEFAULT '',
  agency_code   TEXT NOT NULL DEFAULT '',
  first_day     TEXT NOT NULL,   -- YYYY-MM-DD, local: first seen
  since_day     TEXT NOT NULL,   -- when the change started, as estimated
  last_day      TEXT NOT NULL,   -- the latest day of data that updated it
  updates       INTEGER NOT NULL DEFAULT 0,
  region_codes  TEXT NOT NULL DEFAULT '[]',  -- JSON array, for matching updates
  top_terms     TEXT NOT NULL DEFAULT '[]',  -- JSON array, for matching updates
  sentence      TEXT NOT NULL,
  evidence      TEXT NOT NULL,   -- JSON object (store/alert_types.h AlertEvidence)
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX alerts_pemda ON alerts(pemda_id, id);
CREATE INDEX alerts_group ON alerts(pemda_id, group_key, last_day);

-- Every move of an alert, oldest first; never changed or removed.
CREATE TABLE alert_steps (
  id          INTEGER PRIMARY KEY,
  alert_id    INTEGER NOT NULL REFERENCES alerts(id),
  from_status TEXT NOT NULL,   -- '' for the opening
  to_status   TEXT NOT NULL,
  actor       TEXT NOT NULL,
  reason      TEXT NOT NULL,
  at          INTEGER NOT NULL
);
CREATE INDEX alert_steps_alert ON alert_steps(alert_id, id);
CREATE TRIGGER alert_steps_no_update BEFORE UPDATE ON alert_steps
BEGIN SELECT RAISE(ABORT, 'alert_steps is append-only'); END;
CREATE TRIGGER alert_steps_no_delete BEFORE DELETE ON alert_steps
BEGIN SELECT RAISE(ABORT, 'alert_steps is append-only'); END;
