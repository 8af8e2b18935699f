-- SQLite's 0020 stores case_signals in the order a rebuild reads it (by
-- Pemda, time and event), so that the rebuild reads its file from end to
-- end. PostgreSQL reads the same order through the index of 0018 and keeps
-- its table as it is: nothing to change here; the number keeps both
-- engines' schema versions in step (`sigap copy` requires them equal).
SELECT 1;
