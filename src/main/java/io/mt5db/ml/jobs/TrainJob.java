package io.mt5db.ml.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One row of {@code ml_jobs}. */
public record TrainJob(long id, String kind, JsonNode request, String status, String phase, long rows, double percent,
        String claimedBy, Instant heartbeatAt, int attempts, JsonNode result, String error, String requestedBy,
        Instant createdAt, Instant startedAt, Instant finishedAt) {
}
