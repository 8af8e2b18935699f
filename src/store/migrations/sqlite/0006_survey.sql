-- Public satisfaction (issue 6): SKM survey definitions and their anonymous
-- responses (PermenPAN-RB 14/2017), and the reporters' per-case ratings,
-- which are counted apart from the SKM.

-- A survey of one service unit (an agency), optionally of one service, over
-- a period. The 9 elements of the 2017 scheme always come first;
-- `extra_elements` (JSON [{"code","name"}]) are the unit's own, and
-- `weights` (JSON array, one per element) is empty for the exact 1/n.
CREATE TABLE surveys (
  id             INTEGER PRIMARY KEY,
  pemda_id       INTEGER NOT NULL REFERENCES pemdas(id),
  unit_code      TEXT NOT NULL,
  service_code   TEXT NOT NULL DEFAULT '',
  period         TEXT NOT NULL,            -- "2026-Q1", "2026-03", "2026"
  starts_on      TEXT NOT NULL,            -- YYYY-MM-DD, local date, inclusive
  ends_on        TEXT NOT NULL,            -- YYYY-MM-DD, inclusive
  scheme         TEXT NOT NULL DEFAULT '2017',
  extra_elements TEXT NOT NULL DEFAULT '[]',
  weights        TEXT NOT NULL DEFAULT '[]',
  created_by     TEXT NOT NULL DEFAULT '',
  created_at     INTEGER NOT NULL
);
CREATE INDEX surveys_unit ON surveys(pemda_id, unit_code, period);

-- One respondent. Anonymous: no name, contact or account, only the
-- optional demographics of the official form. `answers` holds one digit
-- per element, '0' for not answered ("443403444"). `case_id` links a
-- response given after a case was resolved (at most once per case and
-- survey). Rows are read in id order to rebuild the in-memory tally.
CREATE TABLE survey_responses (
  id            INTEGER PRIMARY KEY,
  pemda_id      INTEGER NOT NULL,
  survey_id     INTEGER NOT NULL REFERENCES surveys(id),
  answers       TEXT NOT NULL,
  answered_on   TEXT NOT NULL,             -- YYYY-MM-DD
  service_code  TEXT NOT NULL DEFAULT '',
  jenis_kelamin TEXT NOT NULL DEFAULT '',
  usia          TEXT NOT NULL DEFAULT '',
  pendidikan    TEXT NOT NULL DEFAULT '',
  pekerjaan     TEXT NOT NULL DEFAULT '',
  saran         TEXT NOT NULL DEFAULT '',
  case_id       INTEGER,
  channel       TEXT NOT NULL CHECK (channel IN ('web', 'import', 'api')),
  created_at    INTEGER NOT NULL
);
CREATE INDEX survey_responses_pemda ON survey_responses(pemda_id, id);
CREATE UNIQUE INDEX survey_responses_case ON survey_responses(survey_id, case_id)
  WHERE case_id IS NOT NULL;

-- The reporter's rating of how a case was handled: 1 to 5 stars, once per
-- case, after resolution. `agency_code` is the case's agency when rated.
CREATE TABLE case_ratings (
  case_id     INTEGER PRIMARY KEY REFERENCES cases(id),
  pemda_id    INTEGER NOT NULL,
  agency_code TEXT NOT NULL DEFAULT '',
  stars       INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
  comment     TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL
);
CREATE INDEX case_ratings_agency ON case_ratings(pemda_id, agency_code);
