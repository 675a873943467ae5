package io.mt5db.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.aggregation.math.RollupLevel;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Roll-up and tick marks stored as runs and claimed in bounded chunks, on the real queue tables. */
@QuarkusTest
class MarkRunClaimTest {

    @Inject
    DataSource dataSource;

    private static final long DAY_START = Instant.parse("2024-05-06T00:00:00Z").toEpochMilli();

    private static List<Marks.Bucket> m5(String symbol, long from, int count) {
        List<Marks.Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            buckets.add(new Marks.Bucket(symbol, RollupLevel.M5, from + i * 300_000L));
        }
        return buckets;
    }

    private void mark(List<Marks.Bucket> buckets) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Marks.markBuckets(c, buckets);
        }
    }

    private Map<RollupLevel, TreeSet<Long>> claim(String symbol, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return Marks.claimBuckets(c, symbol, limit);
        }
    }

    private long rows(String symbol) throws SQLException {
        return rows("rollup_marks", symbol);
    }

    private long rows(String table, String symbol) throws SQLException {
        return AggregationFixtures.count(dataSource, "SELECT count(*) FROM " + table + " WHERE symbol = ?", symbol);
    }

    @Test
    void runsAreStoredAsFewRowsAndClaimedAsTheirBucketsInBoundedChunks() throws SQLException {
        String symbol = Api.uniqueSymbol("RMC");
        List<Marks.Bucket> marked = new ArrayList<>(m5(symbol, DAY_START, 600));
        // A repeat inside the run, a bucket after a gap, and two H1 buckets.
        marked.add(new Marks.Bucket(symbol, RollupLevel.M5, DAY_START + 10 * 300_000L));
        marked.add(new Marks.Bucket(symbol, RollupLevel.M5, DAY_START + 700 * 300_000L));
        marked.add(new Marks.Bucket(symbol, RollupLevel.H1, DAY_START));
        marked.add(new Marks.Bucket(symbol, RollupLevel.H1, DAY_START + 3_600_000L));
        mark(marked);
        assertEquals(5, rows(symbol), "600 minutes' buckets in runs of 288, 288 and 24, the lone one, the H1 run");

        int limit = 100;
        Set<Marks.Bucket> claimed = new HashSet<>();
        int chunks = 0;
        for (Map<RollupLevel, TreeSet<Long>> chunk = claim(symbol, limit); !chunk.isEmpty(); chunk = claim(symbol, limit)) {
            int size = chunk.values().stream().mapToInt(TreeSet::size).sum();
            assertTrue(size <= limit + BucketRuns.MAX_RUN - 1, "chunk of " + size);
            chunk.forEach((level, starts) -> starts.forEach(start -> claimed.add(new Marks.Bucket(symbol, level, start))));
            chunks++;
        }
        assertEquals(new HashSet<>(marked), claimed);
        assertEquals(0, rows(symbol));
        assertTrue(chunks >= 3, chunks + " chunks");
    }

    @Test
    void aKeyMarkedSeveralTimesCountsItsLongestRunOnce() throws SQLException {
        String symbol = Api.uniqueSymbol("RMD");
        mark(m5(symbol, DAY_START, 1));
        mark(m5(symbol, DAY_START, 200));
        mark(m5(symbol, DAY_START, 1));
        mark(m5(symbol, DAY_START + 200 * 300_000L, 50));

        // The first key covers 200 buckets, more than the limit: the chunk ends with it.
        Map<RollupLevel, TreeSet<Long>> first = claim(symbol, 150);
        assertEquals(200, first.get(RollupLevel.M5).size());
        assertEquals(1, rows(symbol));
        Map<RollupLevel, TreeSet<Long>> second = claim(symbol, 150);
        assertEquals(50, second.get(RollupLevel.M5).size());
        assertEquals(DAY_START + 200 * 300_000L, second.get(RollupLevel.M5).first());
        assertTrue(claim(symbol, 150).isEmpty());
    }

    @Test
    void tickSlicesAreStoredAsRunsAndClaimedInWholeMinutes() throws SQLException {
        String symbol = Api.uniqueSymbol("TMC");
        long minute = Instant.parse("2024-05-06T10:00:00Z").toEpochMilli();
        List<Long> marked = new ArrayList<>();
        for (int i = 0; i < 12 * 30; i++) { // half an hour of slices, with a gap in every minute
            if (i % 12 != 7) {
                marked.add(minute + i * 5_000L);
            }
        }
        marked.add(minute + 3 * 5_000L); // a repeat
        try (Connection c = dataSource.getConnection()) {
            Marks.markSliceRuns(c, SliceRuns.of(marked.stream().map(m -> symbol).toArray(String[]::new),
                    marked.toArray(Long[]::new)));
        }
        assertEquals(60, rows("tick_marks", symbol), "two runs per minute, around its gap");

        TreeSet<Long> expected = new TreeSet<>(marked);
        TreeSet<Long> claimed = new TreeSet<>();
        int limit = 50;
        for (TreeSet<Long> chunk = claimSlices(symbol, limit); !chunk.isEmpty(); chunk = claimSlices(symbol, limit)) {
            assertTrue(chunk.size() <= limit + 11, "chunk of " + chunk.size());
            long first = chunk.first();
            long last = chunk.last();
            // Whole minutes: every marked slice of the chunk's minutes is in the chunk.
            assertEquals(expected.subSet(first - first % 60_000, last - last % 60_000 + 60_000), chunk);
            claimed.addAll(chunk);
        }
        assertEquals(expected, claimed);
        assertEquals(0, rows("tick_marks", symbol));
    }

    private TreeSet<Long> claimSlices(String symbol, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return Marks.claimSlices(c, symbol, limit);
        }
    }
}
