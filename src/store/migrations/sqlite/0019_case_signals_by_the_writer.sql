-- case_signals rows are written by the store's writer beside each event
-- (store/sqlite/group_commit.cc, AppendSignal) instead of by a trigger: the
-- trigger gave each event's INSERT a statement journal, which made large
-- imports several times slower. PostgreSQL keeps its trigger.
DROP TRIGGER case_events_signal;
