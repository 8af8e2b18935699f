-- Routing by text (issue 8): each Pemda's policy for its classifier. Every
-- change is a new row, the latest applies; who changed it, when and why are
-- kept with it.
CREATE TABLE text_routing_settings (
  id                BIGSERIAL PRIMARY KEY,
  pemda_id          BIGINT NOT NULL REFERENCES pemdas(id),
  auto_dispose      BIGINT NOT NULL,            -- 1: confident proposals are disposed without a verifier
  target_precision  DOUBLE PRECISION NOT NULL,  -- of automatic dispositions; decides the threshold
  min_confidence    DOUBLE PRECISION NOT NULL,  -- below it nothing is proposed
  retrain_min_new   BIGINT NOT NULL,            -- new dispositions that start a retraining; 0 never
  reason            TEXT NOT NULL,
  changed_by        TEXT NOT NULL,
  changed_at        BIGINT NOT NULL
);
CREATE INDEX text_routing_settings_by_pemda ON text_routing_settings (pemda_id, id);
