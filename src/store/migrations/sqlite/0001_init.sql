-- Sigap schema, version 1: tenants, catalogue, cases and their events,
-- accounts. Never edit a migration once merged; add the next number.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE pemdas (
  id        INTEGER PRIMARY KEY,
  code      TEXT NOT NULL UNIQUE,
  name      TEXT NOT NULL,
  time_zone TEXT NOT NULL
);

CREATE TABLE agencies (
  pemda_id    INTEGER NOT NULL REFERENCES pemdas(id),
  code        TEXT NOT NULL,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL DEFAULT '',
  region_code TEXT NOT NULL DEFAULT '',
  parent_code TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (pemda_id, code)
) WITHOUT ROWID;

CREATE TABLE regions (
  id          INTEGER PRIMARY KEY,
  pemda_id    INTEGER NOT NULL REFERENCES pemdas(id),
  code        TEXT NOT NULL,
  name        TEXT NOT NULL,
  level       INTEGER NOT NULL,
  parent_code TEXT NOT NULL,
  lat         REAL,
  lng         REAL,
  boundary    TEXT NOT NULL DEFAULT '',
  UNIQUE (pemda_id, code)
);
CREATE INDEX regions_parent ON regions(pemda_id, parent_code, code);

CREATE TABLE services (
  id              INTEGER PRIMARY KEY,
  pemda_id        INTEGER NOT NULL REFERENCES pemdas(id),
  code            TEXT NOT NULL,
  name            TEXT NOT NULL,
  agency_code     TEXT NOT NULL,
  grp             TEXT NOT NULL DEFAULT '',
  description     TEXT NOT NULL DEFAULT '',
  keywords        TEXT NOT NULL DEFAULT '[]',  -- JSON array
  kinds           TEXT NOT NULL DEFAULT '[]',  -- JSON array of case kinds
  active          INTEGER NOT NULL DEFAULT 1,
  current_version INTEGER NOT NULL DEFAULT 0,
  UNIQUE (pemda_id, code)
);

-- Standar Pelayanan versions: a case keeps the version it was filed under.
CREATE TABLE service_standards (
  service_id     INTEGER NOT NULL REFERENCES services(id),
  version        INTEGER NOT NULL,
  effective_from INTEGER NOT NULL,  -- unix microseconds
  body           TEXT NOT NULL,     -- JSON of the 14 components
  PRIMARY KEY (service_id, version)
) WITHOUT ROWID;

-- The projection of each case's events. `id` is the tracking-code
-- sequence: ascending, so inserts append to the B-tree.
CREATE TABLE cases (
  id              INTEGER PRIMARY KEY,
  pemda_id        INTEGER NOT NULL,
  salt            INTEGER NOT NULL,
  tracking_code   TEXT NOT NULL,
  kind            TEXT NOT NULL,
  status          TEXT NOT NULL,
  service_code    TEXT NOT NULL DEFAULT '',
  service_version INTEGER NOT NULL DEFAULT 0,
  service_name    TEXT NOT NULL DEFAULT '',
  category        TEXT NOT NULL DEFAULT '',
  title           TEXT NOT NULL,
  description     TEXT NOT NULL,
  lat             REAL,
  lng             REAL,
  region_code     TEXT NOT NULL DEFAULT '',
  address         TEXT NOT NULL DEFAULT '',
  anonymous       INTEGER NOT NULL DEFAULT 0,
  confidential    INTEGER NOT NULL DEFAULT 0,
  channel         TEXT NOT NULL,
  agency_code     TEXT NOT NULL DEFAULT '',
  attachments     TEXT NOT NULL DEFAULT '[]',
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_status ON cases(pemda_id, status, id);
CREATE INDEX cases_agency ON cases(pemda_id, agency_code, id);

-- Personal data lives apart from the case and its events, so it can be
-- shown only to who may see it, and erased without breaking the audit chain.
CREATE TABLE case_reporters (
  case_id INTEGER PRIMARY KEY REFERENCES cases(id),
  name    TEXT NOT NULL DEFAULT '',
  phone   TEXT NOT NULL DEFAULT '',
  email   TEXT NOT NULL DEFAULT '',
  nik     TEXT NOT NULL DEFAULT ''
);

CREATE VIRTUAL TABLE cases_fts USING fts5(
  title, description, content='cases', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2'
);

-- Append-only: one hash chain over all events of the deployment.
CREATE TABLE case_events (
  id        INTEGER PRIMARY KEY,
  pemda_id  INTEGER NOT NULL,
  case_id   INTEGER NOT NULL,
  kind      TEXT NOT NULL,
  actor     TEXT NOT NULL,
  at        INTEGER NOT NULL,
  payload   TEXT NOT NULL,
  is_public INTEGER NOT NULL DEFAULT 0,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events(case_id, id);
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;

-- The chain's head, so that removing the newest events is detected too.
CREATE TABLE audit_head (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  last_event_id INTEGER NOT NULL,
  last_hash     TEXT NOT NULL
);
INSERT INTO audit_head VALUES (1, 0, '');

CREATE TABLE idempotency_keys (
  pemda_id    INTEGER NOT NULL,
  key         TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  case_id     INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (pemda_id, key)
) WITHOUT ROWID;

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  pemda_id      INTEGER NOT NULL REFERENCES pemdas(id),
  username      TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL,
  agency_code   TEXT NOT NULL DEFAULT '',
  active        INTEGER NOT NULL DEFAULT 1,
  UNIQUE (pemda_id, username)
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE api_keys (
  key_hash    TEXT PRIMARY KEY,
  pemda_id    INTEGER NOT NULL REFERENCES pemdas(id),
  name        TEXT NOT NULL,
  role        TEXT NOT NULL,
  agency_code TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
