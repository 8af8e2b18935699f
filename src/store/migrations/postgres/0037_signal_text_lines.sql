-- An arrival's text for the detectors is its title and description a line
-- apart, not a space: a line ends a clause for the topic detector's bigrams,
-- which paired the title's last word with the description's first ("sampai
-- sekarang" + "Bantuan BLT ..." made "sekarang bantuan" a topic of its own,
-- a second alert for one burst). As group_commit.cc writes it for SQLite.
-- Rows already written keep their text.
CREATE OR REPLACE FUNCTION case_events_signal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_signals
  SELECT NEW.id, NEW.pemda_id, NEW.at, NEW.kind, c.id, c.kind, c.service_code,
         CASE WHEN c.stage = 'verification' OR (NEW.kind = 'submitted' AND c.channel <> 'import')
              THEN '' ELSE c.agency_code END,
         COALESCE(NULLIF(c.kelurahan_code, ''), c.region_code), c.due_at,
         CASE WHEN NEW.kind = 'submitted' AND c.confidential = 0
              THEN signal_text_without_name(substr(c.title || chr(10) || c.description, 1, 600),
                                            (SELECT r.name FROM case_reporters r
                                             WHERE r.case_id = c.id))
              WHEN NEW.kind IN ('disposed', 'forwarded', 'info_provided', 'reopened')
              THEN NEW.payload
              ELSE '' END
  FROM cases c WHERE c.id = NEW.case_id;
  RETURN NULL;
END $$;
