-- Each server keeps the services it took submissions for, with their
-- current standards and routing rules (app::CaseIntake): a change to the
-- catalogue by `sigap demo`, `sigap import`, or another server on the same
-- file counts up as 0035 does for pemdas. A new standard version always
-- updates its service's row (current_version), so services counts it too.
INSERT INTO cache_versions (name) VALUES ('services');
INSERT INTO cache_versions (name) VALUES ('routing_rules');
CREATE TRIGGER services_cache_insert AFTER INSERT ON services BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'services';
END;
CREATE TRIGGER services_cache_update AFTER UPDATE ON services BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'services';
END;
CREATE TRIGGER services_cache_delete AFTER DELETE ON services BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'services';
END;
CREATE TRIGGER routing_rules_cache_insert AFTER INSERT ON routing_rules BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'routing_rules';
END;
CREATE TRIGGER routing_rules_cache_update AFTER UPDATE ON routing_rules BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'routing_rules';
END;
CREATE TRIGGER routing_rules_cache_delete AFTER DELETE ON routing_rules BEGIN
  UPDATE cache_versions SET version = version + 1 WHERE name = 'routing_rules';
END;
