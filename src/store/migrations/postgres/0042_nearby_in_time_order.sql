-- Nearby cases of a service (migration 0005) by the time they were filed,
-- not by status and latitude: a new case's entry goes to the end of its
-- service's range instead of onto a page of its own somewhere in it, and a
-- change of status no longer moves it. A search reads its service's
-- entries since its first day and checks the box on them, the status on
-- the rows in the box. (SQLite orders the entries by time alone, which
-- writes less and reads the Pemda's entries of all services: the trade of
-- a single Pemda on one machine, not of the largest deployments.)
DROP INDEX cases_nearby;
CREATE INDEX cases_nearby ON cases(pemda_id, service_code, created_at, lat, lng)
  WHERE lat IS NOT NULL;
