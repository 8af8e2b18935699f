-- The Pemda's complaint taxonomy (issue 8): main categories (parent_code
-- '') and their sub-categories. A case's `category` holds a code of it
-- when the Pemda has one. Codes never change; retired categories stay for
-- the cases that have them. Byte order (COLLATE "C"), as SQLite sorts, so
-- both engines list the tree alike whatever the server's locale.
CREATE TABLE categories (
  pemda_id     BIGINT NOT NULL REFERENCES pemdas(id),
  code         TEXT COLLATE "C" NOT NULL,
  name         TEXT COLLATE "C" NOT NULL,
  parent_code  TEXT COLLATE "C" NOT NULL DEFAULT '',
  active       BOOLEAN NOT NULL DEFAULT TRUE,
  PRIMARY KEY (pemda_id, code)
);
CREATE INDEX categories_by_parent ON categories (pemda_id, parent_code);
