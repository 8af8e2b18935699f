-- Each node keeps the services it took submissions for, with their
-- current standards and routing rules (app::CaseIntake): a change to the
-- catalogue on one node, by `sigap demo` or `sigap import`, tells the
-- others as 0013 does for pemdas. A new standard version always updates
-- its service's row (current_version), so the services trigger tells it.
CREATE TRIGGER services_cache AFTER INSERT OR UPDATE OR DELETE ON services
  FOR EACH STATEMENT EXECUTE FUNCTION sigap_cache_changed();
CREATE TRIGGER routing_rules_cache AFTER INSERT OR UPDATE OR DELETE ON routing_rules
  FOR EACH STATEMENT EXECUTE FUNCTION sigap_cache_changed();
