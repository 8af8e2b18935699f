-- Nearby cases of a service (migration 0005) by the time they were filed,
-- not by status and latitude: a new case's entry goes to the end of its
-- service's range, beside the entry before it, instead of onto a page of
-- its own somewhere in the range (a page more to write for every case in a
-- commit: 8.6 kB of the 28.7 kB written per filed case, bench/RESULTS.md),
-- and a change of status no longer moves it. A search reads its service's
-- entries since its first day and checks the box on them (latitude and
-- longitude are in the entry), the status on the rows in the box.
DROP INDEX cases_nearby;
CREATE INDEX cases_nearby ON cases(pemda_id, service_code, created_at, lat, lng)
  WHERE lat IS NOT NULL;
