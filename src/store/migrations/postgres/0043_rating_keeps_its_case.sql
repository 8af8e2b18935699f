-- A rating carries its case's kind, service and place (which do not change
-- after filing), as case_signals (migration 0018) carries them for the
-- case's events: the detectors read ratings in time order without looking
-- up each one's case (see SQLite's 0043). Written by SaveCaseRating from
-- here on; filled in now for the ratings given before.
ALTER TABLE case_ratings ADD COLUMN case_kind TEXT NOT NULL DEFAULT '',
                         ADD COLUMN service_code TEXT NOT NULL DEFAULT '',
                         ADD COLUMN region_code TEXT NOT NULL DEFAULT '';
UPDATE case_ratings r
   SET case_kind = c.kind, service_code = c.service_code, region_code = c.region_code
  FROM cases c
 WHERE c.id = r.case_id;
