-- A mark may stand for a run of consecutive units: a roll-up mark for bucket_ts and the
-- bucket_count - 1 buckets of its level after it, a tick mark for slice_ts and the slice_count - 1
-- 5-second slices after it (never past the end of its minute). A batch then writes one mark per run
-- instead of one per unit (500 M1 candles: 1 row instead of 100; 200 ticks of 30 s: 1-2 instead of
-- 7); a row per unit was a sixth of PostgreSQL's work per posted candle. Runs are capped so that a
-- claimed chunk stays bounded.
ALTER TABLE rollup_marks
    ADD COLUMN bucket_count integer NOT NULL DEFAULT 1 CHECK (bucket_count BETWEEN 1 AND 288);
ALTER TABLE tick_marks
    ADD COLUMN slice_count integer NOT NULL DEFAULT 1 CHECK (slice_count BETWEEN 1 AND 12);
