-- A rating carries its case's kind, service and place (which do not change
-- after filing), as case_signals (migration 0018) carries them for the
-- case's events. The detectors read ratings in time order; joined to
-- `cases`, each rating looked up its case's row at a random place in the
-- largest table, and a rebuild of 11,056,154 events (1,123,333 of them
-- ratings) with the file out of the page cache took 66 s, one disk read
-- after another (bench/RESULTS.md, issue 9). Written by SaveCaseRating from
-- here on; filled in now for the ratings given before.
ALTER TABLE case_ratings ADD COLUMN case_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE case_ratings ADD COLUMN service_code TEXT NOT NULL DEFAULT '';
ALTER TABLE case_ratings ADD COLUMN region_code TEXT NOT NULL DEFAULT '';
UPDATE case_ratings
   SET case_kind = c.kind, service_code = c.service_code, region_code = c.region_code
  FROM cases c
 WHERE c.id = case_ratings.case_id;
