package io.mt5db.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mt5db.common.JsonBodies;
import io.mt5db.common.MemoryBudget;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The heap the ingest routes may fill with request bodies at once (see {@link MemoryBudget}): by
 * default a quarter of the maximum heap, and never less than one largest body.
 */
@ApplicationScoped
public class IngestMemory {

    static final int GZIP_RATIO = 10;

    private final MemoryBudget budget;
    private final long maxBodyBytes;

    public IngestMemory(IngestConfig config, MeterRegistry registry) {
        this.maxBodyBytes = config.maxBodyBytes();
        long bytes = config.bodyMemoryBudget().orElse(Runtime.getRuntime().maxMemory() / 4);
        this.budget = new MemoryBudget(Math.max(bytes, maxBodyBytes), config.bodyMemoryWait());
        Gauge.builder("ingest.body.memory.in.use", budget, MemoryBudget::inUseBytes).baseUnit("bytes")
                .description("Request body bytes the ingest routes hold at once, of ingest.body.memory.budget")
                .register(registry);
        Gauge.builder("ingest.body.memory.budget", budget, MemoryBudget::totalBytes).baseUnit("bytes")
                .description("Request body bytes the ingest routes may hold at once").register(registry);
    }

    /**
     * A lease for a body of the declared length: plain bodies are as large as declared, gzip ones
     * are reserved at {@value #GZIP_RATIO} times (JSON candles compress about that well) and grow
     * while read if they inflate further. Without a length the lease starts small and grows.
     */
    public MemoryBudget.Lease lease(Long contentLength, String contentEncoding) {
        long expected = 0;
        if (contentLength != null && contentLength > 0) {
            expected = JsonBodies.isIdentity(contentEncoding) ? contentLength : contentLength * GZIP_RATIO;
        }
        return budget.lease(Math.min(expected, maxBodyBytes));
    }

    MemoryBudget budget() {
        return budget;
    }

    public long availableBytes() {
        return budget.availableBytes();
    }

    public long totalBytes() {
        return budget.totalBytes();
    }
}
