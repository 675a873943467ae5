package io.mt5db.cli.importing;

/** A line that cannot be read at all (wrong column count, unreadable date...): reported with its number and field. */
public final class LineException extends Exception {

    private final String field;

    public LineException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    /** The column at fault, or null when the line as a whole is. */
    public String field() {
        return field;
    }
}
