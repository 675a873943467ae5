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
        long bytes = Math.max(config.bodyMemoryBudget().orElse(Runtime.getRuntime().maxMemory() / 4), maxBodyBytes);
        double share = config.bodyMemoryShare();
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("mt5db.ingest.body-memory-share must lie in (0, 1]: " + share);
        }
        this.budget = new MemoryBudget(bytes, config.bodyMemoryWait(), perHolderBytes(bytes, share, maxBodyBytes));
        Gauge.builder("ingest.body.memory.in.use", budget, MemoryBudget::inUseBytes).baseUnit("bytes")
                .description("Request body bytes the ingest routes hold at once, of ingest.body.memory.budget")
                .register(registry);
        Gauge.builder("ingest.body.memory.budget", budget, MemoryBudget::totalBytes).baseUnit("bytes")
                .description("Request body bytes the ingest routes may hold at once").register(registry);
    }

    /** One client's share of a budget of {@code budgetBytes}: at least one largest body. */
    static long perHolderBytes(long budgetBytes, double share, long maxBodyBytes) {
        return Math.min(budgetBytes, Math.max((long) (budgetBytes * share), maxBodyBytes));
    }

    /**
     * A lease for a body of {@code holder} (see {@link #holder}): it starts at one step (64 KiB) and grows with the
     * bytes actually read, whatever Content-Length declares, so that clients declaring large bodies
     * and sending them slowly hold only what they sent (issue 20: 17 such clients stopped all ingest
     * by reserving their declared 16 MiB up front), and no holder's leases together exceed its share.
     */
    public MemoryBudget.Lease lease(String holder) {
        return budget.lease(0, holder);
    }

    /** Whose share a request's body counts against: its API key, or its client address without one. */
    public static String holder(Long keyId, String clientAddress) {
        return keyId != null ? "key " + keyId : "address " + clientAddress;
    }

    public long maxPerHolderBytes() {
        return budget.maxPerHolderBytes();
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
