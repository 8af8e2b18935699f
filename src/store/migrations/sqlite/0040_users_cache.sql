-- Each server keeps the Pemda's officers' full names (app::CaseReader, for
-- every officer's view of a case): a new account, or a full name changed by
-- `sigap admin create-user` or another server on the same file, counts up
-- as 0035 does for pemdas. An update that leaves the names as they were (a
-- password, a role, a notification address) does not.
INSERT INTO cache_versions (name) VALUES ('users');
CREATE TRIGGER users_cache_insert AFTER INSERT ON users BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'users';
END;
CREATE TRIGGER users_cache_update AFTER UPDATE ON users
  WHEN OLD.username IS NOT NEW.username OR OLD.full_name IS NOT NEW.full_name BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'users';
END;
CREATE TRIGGER users_cache_delete AFTER DELETE ON users BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'users';
END;
