-- SQLite's 0019 drops its case_signals trigger: its writer writes the rows
-- itself, because SQLite gave each event's INSERT under a trigger a
-- statement journal that made large imports several times slower.
-- PostgreSQL has no such cost and keeps its trigger (0018): nothing to
-- change here; the number keeps both engines' schema versions in step
-- (`sigap copy` requires them equal).
SELECT 1;
