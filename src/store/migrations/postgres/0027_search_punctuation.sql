-- Full-text search reads punctuation as a space, as SQLite's FTS5
-- (unicode61) does: "e-KTP", "lampu-jalan", "Jl.Pemuda" and "a.n." are
-- found by their words. PostgreSQL's parser kept hyphenated words and
-- host-like tokens whole, so the same search found fewer cases than on
-- SQLite. The query side (postgres_cases.cc) splits the same way.
DROP INDEX cases_text;
CREATE INDEX cases_text ON cases
  USING gin (to_tsvector('simple'::regconfig,
                         regexp_replace(title || ' ' || description, '[[:punct:]]+', ' ', 'g')));
