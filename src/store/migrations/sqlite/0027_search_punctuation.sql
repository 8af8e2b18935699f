-- Nothing to change here: FTS5's unicode61 tokenizer already reads
-- punctuation as a space. PostgreSQL's index now does too (its 0027).
SELECT 1;
