-- Routing by place, nearby duplicates and support (issue 5).

-- Where a case is by the Pemda's boundaries (routing/geo_index), and where
-- the routing rules propose to send it. `stated_region_code` keeps the
-- region_code the citizen gave when the point says otherwise (the point wins
-- for routing; location.region_code stays as given).
ALTER TABLE cases ADD COLUMN kelurahan_code     TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN kecamatan_code     TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN outside_pemda      INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN stated_region_code TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN proposed_agency    TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN proposal_rule      TEXT NOT NULL DEFAULT '';
-- Citizens who support the case (+1), counted once each (case_supporters).
ALTER TABLE cases ADD COLUMN supporters         INTEGER NOT NULL DEFAULT 0;

-- Nearby cases of a service: equality on Pemda and service, the open
-- statuses as an IN list, then a latitude range (the bounding box); the
-- longitude is checked on the index entry without reading the row.
CREATE INDEX cases_nearby ON cases(pemda_id, service_code, status, lat, lng)
  WHERE lat IS NOT NULL;

-- Service × region → lead agency. `region_code` is a kelurahan or kecamatan
-- code, or '*' for everywhere in the Pemda; the most specific rule wins
-- (kelurahan, then kecamatan, then '*').
CREATE TABLE routing_rules (
  id           INTEGER PRIMARY KEY,
  pemda_id     INTEGER NOT NULL REFERENCES pemdas(id),
  service_code TEXT NOT NULL,
  region_code  TEXT NOT NULL,
  agency_code  TEXT NOT NULL,
  created_by   TEXT NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL,
  UNIQUE (pemda_id, service_code, region_code)
);

-- One row per supporter of a case. `supporter_key` is a keyed hash
-- (BLAKE2b with a server secret) of the normalised e-mail, phone or device
-- id, so one supporter counts once without being identifiable from it.
-- `email` is personal data, kept only to notify the supporter like the
-- reporter; it is never shown.
CREATE TABLE case_supporters (
  case_id       INTEGER NOT NULL REFERENCES cases(id),
  supporter_key TEXT NOT NULL,
  email         TEXT NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (case_id, supporter_key)
) WITHOUT ROWID;
