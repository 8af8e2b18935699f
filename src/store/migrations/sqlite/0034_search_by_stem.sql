-- The case search finds a word in its other Indonesian forms: "lubang"
-- finds "berlubang" and "lubangnya", "kerusakan" finds "rusak". The
-- index's tokenizer (store/sqlite/indonesian_tokenizer.cc, registered by
-- Sigap on every connection it opens) indexes each word with its Snowball
-- stem at the same position. The cases indexed so far are indexed again
-- here; those after them wait for the indexer, as before.
DROP TABLE cases_fts;
CREATE VIRTUAL TABLE cases_fts USING fts5(
  title, description, content='cases', content_rowid='id',
  tokenize='sigap_indonesian remove_diacritics 2'
);
INSERT INTO cases_fts (rowid, title, description)
  SELECT id, title, description FROM cases
  WHERE id <= (SELECT indexed_upto FROM search_progress WHERE id = 1)
  ORDER BY id;
