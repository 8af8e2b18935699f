-- The cases whose deadline runs, by their due time: the officers' queue
-- sorted by deadline (paged after the last case shown, not by offset) and
-- the overdue and due-soon filters read them here instead of scanning
-- every case of the Pemda.
CREATE INDEX cases_running_due ON cases(pemda_id, due_at, id)
  WHERE stage IN ('verification', 'follow_up', 'resolution') AND due_at IS NOT NULL;
