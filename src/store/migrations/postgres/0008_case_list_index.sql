-- PostgreSQL twin of migrations/sqlite/0008_case_list_index.sql (BIGINT for INTEGER, identity ids).
-- The officers' case list is newest first within a Pemda. Without an
-- index on (pemda_id, id), SQLite read the Pemda's cases through
-- cases_agency and sorted all of them for every page (0.8 s a page at a
-- million cases); with it, a page reads only its own rows.
CREATE INDEX IF NOT EXISTS cases_pemda ON cases(pemda_id, id);
