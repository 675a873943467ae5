package io.mt5db.cli.importing;

import java.util.function.Consumer;

/**
 * Reads one file format line by line. Instances keep per-file state (column positions from the
 * header, the last bid/ask of a tick export, the broker clock), so each file gets its own.
 * Implementations are pure: no database, no framework.
 */
public interface LineFormat {

    /**
     * Offered the first non-blank line: answers true when it is a header (and learns the columns from
     * it), false when it is already data.
     */
    boolean header(String line) throws LineException;

    /** Reads one data line; emits zero or more records (a .jsonl line may hold a batch). */
    void parse(String line, long lineNumber, Consumer<ImportRecord> out) throws LineException;
}
