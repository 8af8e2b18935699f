-- Full-text indexing runs behind intake (a case is acknowledged without
-- waiting for it): this row records how far the index has caught up.
CREATE TABLE search_progress (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_upto INTEGER NOT NULL
);
INSERT INTO search_progress VALUES (1, COALESCE((SELECT MAX(rowid) FROM cases_fts), 0));
