-- PostgreSQL's 0037 writes an arrival's title and description a line apart
-- in case_signals, as SQLite's writer now does in code (group_commit.cc):
-- nothing to do here, but the number is kept so that both backends have one
-- migration history.
SELECT 1;
