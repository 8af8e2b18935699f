-- Early warning (issue 9): the detectors' saved state of each Pemda
-- (adapt::Sensor::Save and where the watch stands in the event stream), so
-- that a server restarts where it stopped instead of replaying the whole
-- history. One row per Pemda, replaced by each save; without it (or when
-- it does not fit the build, the layout or the options) the detectors are
-- rebuilt from the events.
CREATE TABLE signal_states (
  pemda_id  BIGINT PRIMARY KEY REFERENCES pemdas(id),
  data      BYTEA NOT NULL,
  saved_at  BIGINT NOT NULL
);
