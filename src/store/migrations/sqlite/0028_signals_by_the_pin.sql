-- Nothing to change in the schema: the writer (group_commit.cc) now places
-- a case's signals in the kelurahan of its pin, else the region the
-- reporter chose, as PostgreSQL's trigger does from this migration on.
SELECT 1;
