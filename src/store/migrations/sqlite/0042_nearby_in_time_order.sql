-- Nearby cases (migration 0005) by the time they were filed, not by
-- service, status and latitude: a new case's entry goes to the end of the
-- index, beside the entry before it, instead of onto a page of its own
-- somewhere in its service's range (about one page more to write for every
-- case in a commit: 8.6 kB of the 28.7 kB written per filed case,
-- bench/RESULTS.md), and a change of status no longer moves it. A search
-- reads the Pemda's entries since its first day and checks the service and
-- the box on them (they are in the entry), the status on the rows that
-- match: about 5 ms for 30 days of a Pemda filing 1,800 cases a day.
-- PostgreSQL, the engine of the largest deployments, keeps each service's
-- entries together instead (its 0042).
DROP INDEX cases_nearby;
CREATE INDEX cases_nearby ON cases(pemda_id, created_at, service_code, lat, lng)
  WHERE lat IS NOT NULL;
