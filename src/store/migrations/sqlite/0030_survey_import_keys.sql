-- Each imported response's key: a hash of its row and of how many identical
-- rows came before it in its file. A form's export taken again later holds
-- the earlier rows as well; they are known by their keys and not counted
-- twice. Responses given on the web have none.
ALTER TABLE survey_responses ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX survey_responses_import_key ON survey_responses(survey_id, import_key)
  WHERE import_key IS NOT NULL;
