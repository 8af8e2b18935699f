-- A reporter rates each resolution of their case, not the case once: a case
-- reopened because its answer did not solve the problem, and resolved
-- again, may be rated again (a citizen tester found the rating of the
-- failed answer standing for the new one, and no way to rate it).
-- `resolution` is which of the case's resolutions was rated: 1 for its
-- first `resolved` event, 2 after a reopen and a second one. A rating given
-- before is counted to the resolutions the case had had by then.
CREATE TABLE case_ratings_by_resolution (
  case_id     INTEGER NOT NULL REFERENCES cases(id),
  resolution  INTEGER NOT NULL CHECK (resolution >= 1),
  pemda_id    INTEGER NOT NULL,
  agency_code TEXT NOT NULL DEFAULT '',
  stars       INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
  comment     TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (case_id, resolution)
);

INSERT INTO case_ratings_by_resolution
SELECT r.case_id,
       max(1, (SELECT count(*) FROM case_events e
               WHERE e.case_id = r.case_id AND e.kind = 'resolved' AND e.at <= r.created_at)),
       r.pemda_id, r.agency_code, r.stars, r.comment, r.created_at
FROM case_ratings r;

DROP TABLE case_ratings;
ALTER TABLE case_ratings_by_resolution RENAME TO case_ratings;
CREATE INDEX case_ratings_agency ON case_ratings(pemda_id, agency_code);
CREATE INDEX case_ratings_time ON case_ratings(pemda_id, created_at, case_id);
