package io.mt5db.cli.importing;

import io.mt5db.common.TextRules;
import java.util.Locale;

/** The file formats {@code import} reads, and how {@code auto} tells them apart from the first line. */
public enum ImportFormat {
    MT5_BARS("mt5-bars"), MT5_TICKS("mt5-ticks"), CSV("csv"), OLD_CSV("old-csv"), JSONL("jsonl"), AUTO("auto");

    private final String label;

    ImportFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static ImportFormat parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (ImportFormat f : values()) {
            if (f.label.equals(wanted) || f.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + text + "': use mt5-bars, mt5-ticks, csv, old-csv, jsonl or auto");
    }

    @Override
    public String toString() {
        return label;
    }

    /**
     * Recognises a format from the file's first non-blank line (and its name for {@code .jsonl}).
     *
     * @throws IllegalArgumentException when nothing matches
     */
    public static ImportFormat detect(String firstLine, String fileName) {
        String line = firstLine.trim();
        String lower = line.toLowerCase(Locale.ROOT);
        if (line.startsWith("{") || line.startsWith("[") || fileName.toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
            return JSONL;
        }
        if (line.startsWith("<")) {
            return lower.contains("<bid>") ? MT5_TICKS : MT5_BARS;
        }
        char separator = Cells.separatorOf(line);
        java.util.List<String> names = Cells.split(line, separator).stream().map(Cells::name).toList();
        if (names.contains("ts") || names.contains("ts_msc")) {
            return CSV;
        }
        if (names.contains("date")) {
            return OLD_CSV;
        }
        if (LocalStamps.looksLikeDate(line)) {
            // data without a header: MT5 writes tabs, the old system commas
            return separator == '\t' ? MT5_BARS : OLD_CSV;
        }
        throw new IllegalArgumentException("cannot tell the format from the first line '"
                + TextRules.abbreviate(line, 64) + "'; pass --format mt5-bars|mt5-ticks|csv|old-csv|jsonl");
    }

    /** A reader of this format for one file. */
    public LineFormat reader(String symbol, String timeframe, BrokerClock clock) {
        return reader(symbol, timeframe, clock, true);
    }

    /** @param pointKnown whether the symbol's point or digits are set (see {@link Mt5BarFormat}) */
    public LineFormat reader(String symbol, String timeframe, BrokerClock clock, boolean pointKnown) {
        return switch (this) {
            case MT5_BARS -> new Mt5BarFormat(require(symbol, "--symbol"), require(timeframe, "--timeframe"), clock,
                    pointKnown);
            case MT5_TICKS -> new Mt5TickFormat(require(symbol, "--symbol"), clock);
            case CSV -> new ProductCsvFormat(symbol, timeframe);
            case OLD_CSV -> new OldCsvFormat(require(symbol, "--symbol"), require(timeframe, "--timeframe"), clock);
            case JSONL -> new JsonlFormat(symbol, timeframe);
            case AUTO -> throw new IllegalStateException("detect the format first");
        };
    }

    private String require(String value, String option) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(label + " files do not name the symbol and timeframe: pass " + option);
        }
        return value;
    }
}
