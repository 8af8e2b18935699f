-- A case filed through intake reaches an agency when the verifiers dispose
-- of it, not when it is filed: the service's agency, filled in at intake,
-- made the verifiers' queue that agency's growing backlog (an alert to a
-- Kepala Dinas about cases his officers could not open). A signal row names
-- the case's agency only once the verifiers passed it on, and an arrival
-- only of an imported case, which arrives where it was (as
-- rows::kSignalAgency in signal_rows.h, for SQLite's writer). The rows
-- written before lose theirs here; the detectors' saved state is of the
-- old rows and is rebuilt (AlertWatch's state format 2).
CREATE OR REPLACE FUNCTION case_events_signal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_signals
  SELECT NEW.id, NEW.pemda_id, NEW.at, NEW.kind, c.id, c.kind, c.service_code,
         CASE WHEN c.stage = 'verification' OR (NEW.kind = 'submitted' AND c.channel <> 'import')
              THEN '' ELSE c.agency_code END,
         COALESCE(NULLIF(c.kelurahan_code, ''), c.region_code), c.due_at,
         CASE WHEN NEW.kind = 'submitted' AND c.confidential = 0
              THEN signal_text_without_name(substr(c.title || ' ' || c.description, 1, 600),
                                            (SELECT r.name FROM case_reporters r
                                             WHERE r.case_id = c.id))
              WHEN NEW.kind IN ('disposed', 'forwarded', 'info_provided', 'reopened')
              THEN NEW.payload
              ELSE '' END
  FROM cases c WHERE c.id = NEW.case_id;
  RETURN NULL;
END $$;

UPDATE case_signals SET agency_code = ''
  WHERE kind = 'submitted' AND agency_code <> ''
    AND case_id IN (SELECT id FROM cases WHERE channel <> 'import');
