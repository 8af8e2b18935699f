-- A reporter rates each resolution of their case, not the case once: a case
-- reopened because its answer did not solve the problem, and resolved
-- again, may be rated again (a citizen tester found the rating of the
-- failed answer standing for the new one, and no way to rate it).
-- `resolution` is which of the case's resolutions was rated: 1 for its
-- first `resolved` event, 2 after a reopen and a second one. A rating given
-- before is counted to the resolutions the case had had by then.
ALTER TABLE case_ratings ADD COLUMN resolution BIGINT NOT NULL DEFAULT 1 CHECK (resolution >= 1);
UPDATE case_ratings r
SET resolution = GREATEST(1, (SELECT count(*) FROM case_events e
                              WHERE e.case_id = r.case_id AND e.kind = 'resolved'
                                AND e.at <= r.created_at));
ALTER TABLE case_ratings DROP CONSTRAINT case_ratings_pkey;
ALTER TABLE case_ratings ADD PRIMARY KEY (case_id, resolution);
