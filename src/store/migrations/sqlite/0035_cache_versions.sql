-- What a `sigap serve` keeps in memory (each Pemda, its working calendar,
-- the geo index of its boundaries) must follow changes made by others: the
-- command line (`sigap calendar add`, `sigap import regions`, `sigap import
-- boundaries`, `sigap admin create-pemda --update`) or a second server on the
-- same file. PostgreSQL tells every node by NOTIFY (0013); SQLite has no such
-- channel, so each change to those tables counts up its row here, in the
-- same transaction, and the server looks at these few rows every second
-- (store::CacheListener).
CREATE TABLE cache_versions (
  name TEXT PRIMARY KEY,
  version INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO cache_versions (name) VALUES ('pemdas'), ('regions'), ('calendar_days'), ('calendar_years');
CREATE TRIGGER pemdas_cache_insert AFTER INSERT ON pemdas BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'pemdas';
END;
CREATE TRIGGER pemdas_cache_update AFTER UPDATE ON pemdas BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'pemdas';
END;
CREATE TRIGGER pemdas_cache_delete AFTER DELETE ON pemdas BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'pemdas';
END;
CREATE TRIGGER regions_cache_insert AFTER INSERT ON regions BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'regions';
END;
CREATE TRIGGER regions_cache_update AFTER UPDATE ON regions BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'regions';
END;
CREATE TRIGGER regions_cache_delete AFTER DELETE ON regions BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'regions';
END;
CREATE TRIGGER calendar_days_cache_insert AFTER INSERT ON calendar_days BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'calendar_days';
END;
CREATE TRIGGER calendar_days_cache_update AFTER UPDATE ON calendar_days BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'calendar_days';
END;
CREATE TRIGGER calendar_days_cache_delete AFTER DELETE ON calendar_days BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'calendar_days';
END;
CREATE TRIGGER calendar_years_cache_insert AFTER INSERT ON calendar_years BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'calendar_years';
END;
CREATE TRIGGER calendar_years_cache_update AFTER UPDATE ON calendar_years BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'calendar_years';
END;
CREATE TRIGGER calendar_years_cache_delete AFTER DELETE ON calendar_years BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'calendar_years';
END;
