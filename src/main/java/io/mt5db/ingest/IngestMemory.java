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
     * A lease for a body: it starts at one step (64 KiB) and grows with the
     * bytes actually read, whatever Content-Length declares, so that clients declaring large bodies
     * and sending them slowly hold only what they sent (issue 20: 17 such clients stopped all ingest
     * by reserving their declared 16 MiB up front). The parameters are kept for the callers' sake.
     */
    public MemoryBudget.Lease lease(Long contentLength, String contentEncoding) {
        return budget.lease(0);
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
