-- Each node keeps the Pemda's officers' full names (app::CaseReader, for
-- every officer's view of a case): a new account, or a full name changed,
-- on one node or by `sigap admin create-user`, tells the others as 0013
-- does for pemdas. An update that leaves the names as they were (a
-- password, a role, a notification address) says nothing.
CREATE TRIGGER users_cache AFTER INSERT OR DELETE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION sigap_cache_changed();
CREATE TRIGGER users_renamed_cache AFTER UPDATE ON users FOR EACH ROW
  WHEN (OLD.username IS DISTINCT FROM NEW.username OR OLD.full_name IS DISTINCT FROM NEW.full_name)
  EXECUTE FUNCTION sigap_cache_changed();
