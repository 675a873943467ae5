package io.mt5db.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The seed's ingest metric names, kept for existing dashboards, plus tick and rejection counters. */
@ApplicationScoped
public class IngestMetrics {

    @Inject
    MeterRegistry registry;

    void candles(int inserted, int updated, int duplicates, int batchSize) {
        Counter.builder("ingest.candles.inserted").description("Candles stored as new rows").register(registry).increment(inserted);
        Counter.builder("ingest.candles.updated").description("Stored candles replaced by a posted one").register(registry).increment(updated);
        duplicates("candle", duplicates);
        batch("candle", batchSize);
    }

    void ticks(int inserted, int duplicates, int batchSize) {
        Counter.builder("ingest.ticks.inserted").description("Ticks stored").register(registry).increment(inserted);
        duplicates("tick", duplicates);
        batch("tick", batchSize);
    }

    void rejected(String reason) {
        Counter.builder("ingest.rejected").description("Items refused, by reason").tag("reason", reason)
                .register(registry).increment();
    }

    private void duplicates(String kind, int count) {
        Counter.builder("ingest.duplicates").description("Items already stored with the same values")
                .tag("kind", kind).register(registry).increment(count);
    }

    private void batch(String kind, int size) {
        DistributionSummary.builder("ingest.batch.size").description("Items per ingest request").tag("kind", kind)
                .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(10000.0)
                .register(registry).record(size);
    }
}
