-- An alert opened while the change of one closed before it goes on (a
-- leader closed the flood's alert, more reports came) names the closed
-- one, so that the new alert reads as its continuation, not as news.
ALTER TABLE alerts ADD COLUMN continues_id BIGINT;
