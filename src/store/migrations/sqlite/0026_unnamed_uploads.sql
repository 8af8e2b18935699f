-- Anyone may upload a file (citizens file cases without an account), and
-- only a case or an officer's action that names it gives it a reason to be
-- kept. `named` is set when one does; `sigap serve` deletes the files
-- nothing named within `server.upload_keep_hours` of their upload, so
-- uploads alone cannot fill the disk. Files kept before this migration
-- count as named.
ALTER TABLE attachments ADD COLUMN named INTEGER NOT NULL DEFAULT 1;
CREATE INDEX attachments_unnamed ON attachments(created_at) WHERE named = 0;
