-- A year's national calendar (the days off and cuti bersama of its SKB 3
-- Menteri) a Pemda installed through Sigap, beside data/calendar/YYYY.json:
-- the document in that files' format, who installed it and when. Installing
-- it again replaces it. Every node rebuilds its calendars on a change
-- (sigap_cache, migration 0013).
CREATE TABLE calendar_years (
  pemda_id     BIGINT NOT NULL REFERENCES pemdas(id),
  year         INTEGER NOT NULL,
  document     TEXT NOT NULL,
  installed_by TEXT NOT NULL,
  installed_at BIGINT NOT NULL,
  PRIMARY KEY (pemda_id, year)
);
CREATE TRIGGER calendar_years_cache AFTER INSERT OR UPDATE OR DELETE ON calendar_years
  FOR EACH STATEMENT EXECUTE FUNCTION sigap_cache_changed();
