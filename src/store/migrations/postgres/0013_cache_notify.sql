-- Several `sigap serve` nodes on one database (issue 7) keep in memory what
-- rarely changes: each Pemda (time zone, name), its working calendar and
-- the geo index of its boundaries. A statement that changes one of those
-- tables tells every node, through NOTIFY on the channel sigap_cache with
-- "schema.table" as payload (channels are per database; the schema tells
-- deployments sharing one apart), whoever wrote it (a node, `sigap import
-- boundaries`, `sigap calendar`, psql). PostgreSQL delivers it at COMMIT,
-- once per transaction and table; a rolled-back change says nothing.
CREATE OR REPLACE FUNCTION sigap_cache_changed() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('sigap_cache', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER pemdas_cache AFTER INSERT OR UPDATE OR DELETE ON pemdas
  FOR EACH STATEMENT EXECUTE FUNCTION sigap_cache_changed();
CREATE TRIGGER regions_cache AFTER INSERT OR UPDATE OR DELETE ON regions
  FOR EACH STATEMENT EXECUTE FUNCTION sigap_cache_changed();
CREATE TRIGGER calendar_days_cache AFTER INSERT OR UPDATE OR DELETE ON calendar_days
  FOR EACH STATEMENT EXECUTE FUNCTION sigap_cache_changed();
