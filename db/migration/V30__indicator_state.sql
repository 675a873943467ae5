-- Checkpoints of the indicator calculator: the complete state (IndicatorCalculator.State.toArray(),
-- 57 doubles) AFTER the bar at ts, the bar_count-th bar of its series. The indicator job keeps one
-- every mt5db.indicators.checkpoint-interval bars plus the newest two, so that a change at ts t is
-- recomputed from the latest checkpoint before t instead of from the first bar. A state belongs to
-- one convention; a series never continues from a state of the other one.
CREATE TABLE indicator_state (
    symbol     text               NOT NULL,
    timeframe  text               NOT NULL,
    ts         timestamptz        NOT NULL,
    bar_count  bigint             NOT NULL CHECK (bar_count > 0),
    convention text               NOT NULL CHECK (convention IN ('talib', 'mt5')),
    state      double precision[] NOT NULL,
    PRIMARY KEY (symbol, timeframe, ts)
);

-- series_changes keeps the earliest from_ts and marked_at of all marks (LEAST), so a mark that lands
-- while the job computes may change neither. Every update bumps revision, and the job deletes the row
-- it consumed only if revision is still the one it read: a series marked meanwhile is done again.
ALTER TABLE series_changes ADD COLUMN revision bigint NOT NULL DEFAULT 0;

CREATE FUNCTION series_changes_next_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.revision := OLD.revision + 1;
    RETURN NEW;
END;
$$;

CREATE TRIGGER series_changes_revision BEFORE UPDATE ON series_changes
    FOR EACH ROW EXECUTE FUNCTION series_changes_next_revision();
