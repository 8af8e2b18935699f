-- The files of responses imported into a survey (`sigap import survey`).
-- `fingerprint` is a SHA-256 of the responses as imported (answers, date,
-- service and the form's demographics, row by row), so the same file
-- imported twice, even saved again with other line ends, is refused
-- instead of counting every respondent twice in the IKM.
CREATE TABLE survey_imports (
  id          INTEGER PRIMARY KEY,
  pemda_id    INTEGER NOT NULL REFERENCES pemdas(id),
  survey_id   INTEGER NOT NULL REFERENCES surveys(id),
  fingerprint TEXT NOT NULL,
  file_name   TEXT NOT NULL DEFAULT '',
  responses   INTEGER NOT NULL,
  imported_by TEXT NOT NULL DEFAULT '',
  imported_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX survey_imports_fingerprint ON survey_imports(survey_id, fingerprint);
