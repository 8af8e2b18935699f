-- An officer's full name ("Budi Santoso"), how the console and officers'
-- e-mails name the account to other officers; '' = by username. Never shown
-- to the public or the reporter.
ALTER TABLE users ADD COLUMN full_name TEXT NOT NULL DEFAULT '';
