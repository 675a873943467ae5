package io.mt5db.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The seed's ingest metric names, kept for existing dashboards, plus tick and rejection counters. */
@ApplicationScoped
public class IngestMetrics {

    @Inject
    MeterRegistry registry;

    private Counter candlesInserted;
    private Counter candlesUpdated;
    private Counter ticksInserted;
    private Map<String, Counter> duplicates;
    private Map<String, DistributionSummary> batchSizes;
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

    // The meters are kept: registering looks one up through the registry's id map on every call.
    @PostConstruct
    void registerMeters() {
        candlesInserted = Counter.builder("ingest.candles.inserted").description("Candles stored as new rows")
                .register(registry);
        candlesUpdated = Counter.builder("ingest.candles.updated").description("Stored candles replaced by a posted one")
                .register(registry);
        ticksInserted = Counter.builder("ingest.ticks.inserted").description("Ticks stored").register(registry);
        duplicates = Map.of("candle", duplicatesCounter("candle"), "tick", duplicatesCounter("tick"));
        batchSizes = Map.of("candle", batchSummary("candle"), "tick", batchSummary("tick"));
    }

    void candles(int inserted, int updated, int duplicateCount, int batchSize) {
        candlesInserted.increment(inserted);
        candlesUpdated.increment(updated);
        duplicates.get("candle").increment(duplicateCount);
        batchSizes.get("candle").record(batchSize);
    }

    void ticks(int inserted, int duplicateCount, int batchSize) {
        ticksInserted.increment(inserted);
        duplicates.get("tick").increment(duplicateCount);
        batchSizes.get("tick").record(batchSize);
    }

    void rejected(String reason) {
        rejected.computeIfAbsent(reason, r -> Counter.builder("ingest.rejected").description("Items refused, by reason")
                .tag("reason", r).register(registry)).increment();
    }

    private Counter duplicatesCounter(String kind) {
        return Counter.builder("ingest.duplicates").description("Items already stored with the same values")
                .tag("kind", kind).register(registry);
    }

    private DistributionSummary batchSummary(String kind) {
        return DistributionSummary.builder("ingest.batch.size").description("Items per ingest request").tag("kind", kind)
                .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(10000.0)
                .register(registry);
    }
}
