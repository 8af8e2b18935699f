-- Nearby cases of a service (migration 0005) by the time they were filed,
-- not by status and latitude, as on SQLite: a new case's entry goes to the
-- end of its service's range instead of onto a page of its own somewhere
-- in it, and a change of status no longer moves it. A search reads its
-- service's entries since its first day and checks the box on them, the
-- status on the rows in the box.
DROP INDEX cases_nearby;
CREATE INDEX cases_nearby ON cases(pemda_id, service_code, created_at, lat, lng)
  WHERE lat IS NOT NULL;
