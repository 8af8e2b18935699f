-- The language a reporter filed in ("en"; '' for Bahasa Indonesia), from the
-- submission's Accept-Language: the e-mails they get about their case are
-- written in it.
ALTER TABLE cases ADD COLUMN language TEXT NOT NULL DEFAULT '';
