package io.mt5db.cli.migrate;

import java.nio.file.Path;
import java.time.ZoneId;

/**
 * One migration from the old system's database.
 *
 * @param fromUrl JDBC URL of the old database (user and password in it or in the two fields)
 * @param brokerZone null: the old ts are true UTC; else the old EAs stamped broker time as UTC and
 *        each ts's wall-clock is re-read in this offset or zone
 * @param spreadInPoints the old spread column holds points (as the old EAs sent them), not price units
 * @param stopAfterBatches stop after this many batches per table (tests); 0: never
 */
public record MigrateRequest(String fromUrl, String user, String password, ZoneId brokerZone, boolean spreadInPoints,
        int batchSize, Path stateFile, boolean restart, int stopAfterBatches) {
}
