-- Policy rules (issue 10): every save of a rule is a new version, kept for
-- ever; the rule row points at its newest version and says whether it is
-- enabled. The audit says who saved, enabled or disabled which version when.
CREATE TABLE policy_rules (
  id          BIGSERIAL PRIMARY KEY,
  pemda_id    BIGINT NOT NULL REFERENCES pemdas(id),
  name        TEXT NOT NULL,                 -- of the newest version
  version     INTEGER NOT NULL,              -- the newest version
  enabled     BOOLEAN NOT NULL DEFAULT FALSE,
  updated_at  BIGINT NOT NULL,
  UNIQUE (pemda_id, name)
);
CREATE TABLE policy_rule_versions (
  rule_id     BIGINT NOT NULL REFERENCES policy_rules(id),
  version     INTEGER NOT NULL,
  name        TEXT NOT NULL,
  basis       TEXT NOT NULL,
  definition  TEXT NOT NULL,                 -- the rule as canonical JSON
  created_by  TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  PRIMARY KEY (rule_id, version)
);
CREATE TABLE policy_rule_audit (
  id          BIGSERIAL PRIMARY KEY,
  rule_id     BIGINT NOT NULL REFERENCES policy_rules(id),
  version     INTEGER NOT NULL,
  action      TEXT NOT NULL,                 -- saved | enabled | disabled
  actor       TEXT NOT NULL,
  at          BIGINT NOT NULL
);
CREATE INDEX policy_rule_audit_by_rule ON policy_rule_audit (rule_id, id);
