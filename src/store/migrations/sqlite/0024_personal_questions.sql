-- A service question may ask about the reporter rather than the problem
-- (whether they are elderly, disabled, pregnant: health data under UU
-- 27/2022). Its answers are shown to officers and to the reporter, never in
-- the public view or Open311's public feeds. KELOMPOK_RENTAN, the question
-- Sigap's rules read to put vulnerable reporters first (UU 25/2009 art.
-- 29), is such a question wherever it was already asked.
ALTER TABLE service_attributes ADD COLUMN personal INTEGER NOT NULL DEFAULT 0;
UPDATE service_attributes SET personal = 1 WHERE upper(code) = 'KELOMPOK_RENTAN';
