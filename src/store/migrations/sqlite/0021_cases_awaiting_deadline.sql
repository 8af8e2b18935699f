-- Open cases whose running stage has no deadline: it reached a year whose
-- SKB 3 Menteri was not installed when the stage began, so the calendar
-- left it unset rather than count it wrong. The deadline sweep counts them
-- once the year is installed (Store::AwaitingDeadlines); the index holds
-- only these few cases.
CREATE INDEX cases_awaiting_deadline ON cases(id)
  WHERE due_at IS NULL AND stage IN ('verification', 'follow_up', 'resolution', 'auto_close');
