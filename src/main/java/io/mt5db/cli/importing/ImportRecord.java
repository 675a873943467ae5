package io.mt5db.cli.importing;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One candle or tick read from an import file, as the JSON item the HTTP ingest would receive, so
 * that the import goes through exactly the same validation.
 *
 * @param line the file line it came from (1-based), for resuming and for error reports
 * @param tick true for a tick, false for a candle
 */
public record ImportRecord(long line, boolean tick, ObjectNode item) {
}
