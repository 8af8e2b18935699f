-- A year's national calendar (the days off and cuti bersama of its SKB 3
-- Menteri) a Pemda installed through Sigap, beside data/calendar/YYYY.json:
-- the document in that files' format, who installed it and when. Installing
-- it again replaces it.
CREATE TABLE calendar_years (
  pemda_id     INTEGER NOT NULL REFERENCES pemdas(id),
  year         INTEGER NOT NULL,
  document     TEXT NOT NULL,
  installed_by TEXT NOT NULL,
  installed_at INTEGER NOT NULL,
  PRIMARY KEY (pemda_id, year)
) WITHOUT ROWID;
