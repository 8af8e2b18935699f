-- PostgreSQL's 0013 makes changes to pemdas, regions and calendar_days
-- notify every `sigap serve` node (LISTEN/NOTIFY, issue 7). SQLite has one
-- node, which sees its own changes: nothing to do, but the number is kept so
-- that both backends have one migration history.
SELECT 1;
