-- Routing by text (issue 8): the classifiers `sigap train` builds from the
-- Pemda's own dispositions. Every model is kept (a rollback is one
-- activation); at most one per Pemda and label is active.
CREATE TABLE text_models (
  id            BIGSERIAL PRIMARY KEY,
  pemda_id      BIGINT NOT NULL REFERENCES pemdas(id),
  label         TEXT NOT NULL,                         -- what it predicts: agency
  version       TEXT NOT NULL,                         -- hash of the model file
  data          BYTEA NOT NULL,                        -- the model file
  examples      BIGINT NOT NULL,
  holdout_top1  DOUBLE PRECISION NOT NULL DEFAULT -1,  -- on the latest dispositions it never saw; -1 none
  active        BOOLEAN NOT NULL DEFAULT FALSE,
  created_by    TEXT NOT NULL,
  created_at    BIGINT NOT NULL
);
CREATE INDEX text_models_by_pemda ON text_models (pemda_id, label, id);
CREATE UNIQUE INDEX text_models_active ON text_models (pemda_id, label) WHERE active;
