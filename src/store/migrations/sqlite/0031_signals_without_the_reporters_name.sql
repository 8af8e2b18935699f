-- What the detectors read of an arrival is its text without its reporter's
-- name (PostgreSQL's migration of the same number says why). On SQLite the
-- writer makes that row itself (AppendSignal in group_commit.cc, with
-- domain::RemoveNameWords), so there is no schema to change; the number is
-- kept so both engines count their migrations alike.
SELECT 1;
