package io.mt5db.common;

import java.sql.SQLException;

/** Tells a database outage (retry later) apart from a bug (never shown to clients). */
public final class DatabaseErrors {

    private DatabaseErrors() {
    }

    public static boolean isUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"))) {
                    return true;
                }
                String message = sql.getMessage();
                if (message != null && (message.contains("acquisition timeout") || message.contains("Connection refused")
                        || message.contains("This connection has been closed"))) {
                    return true;
                }
            }
            if (t instanceof java.net.ConnectException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
