-- What the detectors read of an arrival is its text without its reporter's
-- name: a reporter who signs every complaint ("Hormat saya, Sukarni
-- Wulandarisih") made their name a topic's term, shown to every agency,
-- even for an anonymous report. Each word of the name (a run of letters of
-- three bytes or more) is replaced by a space where it stands as a whole
-- word, as domain::RemoveNameWords does for SQLite (group_commit.cc). Rows
-- already written keep their text.
CREATE OR REPLACE FUNCTION signal_text_without_name(body TEXT, name TEXT) RETURNS TEXT
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  w TEXT;
BEGIN
  IF name IS NULL OR name = '' THEN
    RETURN body;
  END IF;
  FOREACH w IN ARRAY regexp_split_to_array(lower(name), '[^[:alpha:]]+') LOOP
    IF octet_length(w) >= 3 THEN
      body := regexp_replace(body, '\m' || w || '\M', ' ', 'gi');
    END IF;
  END LOOP;
  RETURN body;
END $$;

CREATE OR REPLACE FUNCTION case_events_signal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_signals
  SELECT NEW.id, NEW.pemda_id, NEW.at, NEW.kind, c.id, c.kind, c.service_code, c.agency_code,
         COALESCE(NULLIF(c.kelurahan_code, ''), c.region_code), c.due_at,
         CASE WHEN NEW.kind = 'submitted' AND c.confidential = 0
              THEN signal_text_without_name(substr(c.title || ' ' || c.description, 1, 600),
                                            (SELECT r.name FROM case_reporters r
                                             WHERE r.case_id = c.id))
              WHEN NEW.kind IN ('disposed', 'forwarded', 'info_provided', 'reopened')
              THEN NEW.payload
              ELSE '' END
  FROM cases c WHERE c.id = NEW.case_id;
  RETURN NULL;
END $$;
