-- The case search finds a word in its other Indonesian forms: "lubang"
-- finds "berlubang" and "lubangnya", "kerusakan" finds "rusak". The index
-- holds each word as written ('simple', for prefix searches) and its
-- Snowball stem ('indonesian'), as the tokenizer of SQLite's index does;
-- a query word is looked up by its stem (postgres_cases.cc).
DROP INDEX cases_text;
CREATE INDEX cases_text ON cases
  USING gin ((to_tsvector('simple'::regconfig,
                          regexp_replace(title || ' ' || description, '[[:punct:]]+', ' ', 'g'))
              || to_tsvector('indonesian'::regconfig,
                             regexp_replace(title || ' ' || description, '[[:punct:]]+', ' ', 'g'))));
