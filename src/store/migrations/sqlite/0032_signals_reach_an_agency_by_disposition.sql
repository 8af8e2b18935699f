-- A case filed through intake reaches an agency when the verifiers dispose
-- of it, not when it is filed: the service's agency, filled in at intake,
-- made the verifiers' queue that agency's growing backlog (an alert to a
-- Kepala Dinas about cases his officers could not open). The writer now
-- names no agency for such an arrival (rows::kSignalAgency in
-- signal_rows.h); the rows written before it lose theirs here. The
-- detectors' saved state is of the old rows and is rebuilt (AlertWatch's
-- state format 2). Imported cases arrive where they were.
UPDATE case_signals SET agency_code = ''
  WHERE kind = 'submitted' AND agency_code <> ''
    AND case_id IN (SELECT id FROM cases WHERE channel <> 'import');
