package io.mt5db.cli.importing;

import java.nio.file.Path;
import java.time.ZoneId;

/**
 * One import: the file and how to read it.
 *
 * @param stateFile the checkpoint; null for the sidecar {@code F.import-state}
 * @param restart ignore a checkpoint and read the file from its first line
 * @param stopAfterBatches stop (as a kill would) after this many committed batches; 0: never (tests)
 */
public record ImportRequest(Path file, String symbol, String timeframe, ZoneId brokerZone, ImportFormat format,
        int batchSize, Path stateFile, boolean restart, int stopAfterBatches) {
}
