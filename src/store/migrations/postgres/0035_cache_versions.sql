-- SQLite's 0035 counts changes to pemdas, regions and the calendar so that a
-- server sees those made by the command line. PostgreSQL's nodes hear them
-- by NOTIFY since 0013: nothing to do, but the number is kept so that both
-- backends have one migration history.
SELECT 1;
