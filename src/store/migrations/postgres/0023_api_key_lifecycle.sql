-- API keys are listed and revoked, not only created: who created a key and
-- when, the last characters of the key (to tell keys apart without storing
-- them) and, once revoked, who revoked it and when. A revoked key stays, so
-- the events its system wrote still name a key that can be looked up.
-- Keys created before this migration have created_at 0 and no hint.
ALTER TABLE api_keys ADD COLUMN hint TEXT NOT NULL DEFAULT '';
ALTER TABLE api_keys ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_keys ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE api_keys ADD COLUMN revoked_at BIGINT;
ALTER TABLE api_keys ADD COLUMN revoked_by TEXT NOT NULL DEFAULT '';
CREATE INDEX api_keys_by_name ON api_keys (pemda_id, name);
