-- The detectors place a case where the dashboard's map does: in the
-- kelurahan its pin lies in, else the region the reporter chose (a pin
-- can disagree with the name picked from a list; the point wins, as for
-- routing). Before, an alert could name one kelurahan and the map count the
-- same cases in another. Rows already written keep their region; a
-- rebuild of the signals (sigap serve after deleting signal_states) reads
-- them as they are.
CREATE OR REPLACE FUNCTION case_events_signal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_signals
  SELECT NEW.id, NEW.pemda_id, NEW.at, NEW.kind, c.id, c.kind, c.service_code, c.agency_code,
         COALESCE(NULLIF(c.kelurahan_code, ''), c.region_code), c.due_at,
         CASE WHEN NEW.kind = 'submitted' AND c.confidential = 0
              THEN substr(c.title || ' ' || c.description, 1, 600)
              WHEN NEW.kind IN ('disposed', 'forwarded', 'info_provided', 'reopened')
              THEN NEW.payload
              ELSE '' END
  FROM cases c WHERE c.id = NEW.case_id;
  RETURN NULL;
END $$;
