-- A roll-up mark may stand for a run of consecutive buckets of its level: bucket_ts and the
-- bucket_count - 1 buckets after it. A batch of M1 candles then writes one mark per run of M5
-- buckets instead of one per bucket (a 500-minute batch: 1 row instead of 100), which was a sixth of
-- PostgreSQL's work per posted candle. Runs are capped so that a claimed chunk stays bounded.
ALTER TABLE rollup_marks
    ADD COLUMN bucket_count integer NOT NULL DEFAULT 1 CHECK (bucket_count BETWEEN 1 AND 288);
