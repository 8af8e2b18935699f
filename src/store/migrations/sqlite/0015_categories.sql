-- The Pemda's complaint taxonomy (issue 8): main categories (parent_code
-- '') and their sub-categories. A case's `category` holds a code of it
-- when the Pemda has one. Codes never change; retired categories stay for
-- the cases that have them.
CREATE TABLE categories (
  pemda_id     INTEGER NOT NULL REFERENCES pemdas(id),
  code         TEXT NOT NULL,
  name         TEXT NOT NULL,
  parent_code  TEXT NOT NULL DEFAULT '',
  active       INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (pemda_id, code)
);
CREATE INDEX categories_by_parent ON categories (pemda_id, parent_code);
