-- Photos and documents citizens and officers attach to cases, stored once
-- per Pemda by their SHA-256 (a case or an event names them by it). In the
-- database, not on disk, so a backup or `sigap copy` carries them and
-- several nodes share them.
CREATE TABLE attachments (
  pemda_id     INTEGER NOT NULL REFERENCES pemdas(id),
  sha256       TEXT NOT NULL,   -- hex, of `data`
  content_type TEXT NOT NULL,   -- image/jpeg | image/png | image/webp | application/pdf
  size_bytes   INTEGER NOT NULL,
  data         BLOB NOT NULL,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (pemda_id, sha256)
) WITHOUT ROWID;
