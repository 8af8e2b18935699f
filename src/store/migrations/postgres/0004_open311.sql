-- PostgreSQL twin of migrations/sqlite/0004_open311.sql (BIGINT for INTEGER, identity ids).
-- Open311 GeoReport v2: per-service questions (attributes), versioned with
-- the Standar Pelayanan, and the case fields Open311 clients send.

-- The questions of one version of a service's standard, in display order.
CREATE TABLE service_attributes (
  service_id           BIGINT NOT NULL REFERENCES services(id),
  version              BIGINT NOT NULL,  -- service_standards.version
  code                 TEXT NOT NULL,
  variable             BIGINT NOT NULL DEFAULT 1,
  datatype             TEXT NOT NULL,     -- string|number|datetime|text|singlevaluelist|multivaluelist
  required             BIGINT NOT NULL DEFAULT 0,
  datatype_description TEXT NOT NULL DEFAULT '',
  position             BIGINT NOT NULL,  -- the attribute's `order`
  description          TEXT NOT NULL,
  choices              TEXT NOT NULL DEFAULT '[]',  -- JSON [{"key","name"}]
  PRIMARY KEY (service_id, version, code)
);

-- Public Open311 fields of a case.
ALTER TABLE cases ADD COLUMN address_id TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN media_url  TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN attributes TEXT NOT NULL DEFAULT '[]';  -- JSON [{"code","values"}]

-- The client's device and account ids are personal data: kept with the
-- contact, so they are erased with it.
ALTER TABLE case_reporters ADD COLUMN device_id  TEXT NOT NULL DEFAULT '';
ALTER TABLE case_reporters ADD COLUMN account_id TEXT NOT NULL DEFAULT '';

-- GET servicerequestupdates reads events by time. (Without pemda_id in
-- front, so that the planner never takes it for a case's own events.)
-- GET requests needs no index: its windows end at the newest cases, which a
-- backward scan of the rowid reaches first.
CREATE INDEX case_events_at ON case_events(at);
