-- Kept for one migration history with SQLite, whose full-text index runs
-- behind intake. PostgreSQL's GIN index (cases_text) is written with the
-- case, so nothing is ever pending here.
CREATE TABLE search_progress (
  id           BIGINT PRIMARY KEY CHECK (id = 1),
  indexed_upto BIGINT NOT NULL
);
INSERT INTO search_progress VALUES (1, 0);
