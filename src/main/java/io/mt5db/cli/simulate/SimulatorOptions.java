package io.mt5db.cli.simulate;

import io.mt5db.cli.importing.ImportFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What one simulated EA does.
 *
 * @param speed replay speed as a factor of real time; 0 sends everything as fast as the server takes it
 * @param replayFrom with a speed, records up to this time are backfilled at once and later ones replayed
 *        at that speed; null: replay from the first record after the cursor
 * @param duration stop after this long (wall time); null: when the file is done (and, when polling, never)
 * @param allowedSymbols signals of other symbols are acked SKIPPED (empty: any symbol)
 * @param stateFile where acked signal ids are kept so that a restarted simulator never acks twice; null: memory only
 */
public record SimulatorOptions(String url, String key, Path file, ImportFormat format, String symbol, String timeframe,
        String brokerOffset, double speed, Instant replayFrom, int batchSize, List<String> accounts,
        List<String> accountKeys, boolean pollSignals, boolean execute, Duration duration, Duration pollInterval,
        double maxLots, int maxPositions, Set<String> allowedSymbols, Path stateFile) {
}
