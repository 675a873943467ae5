package io.mt5db.common;

import java.util.regex.Pattern;

/** The symbol rule of every API: 1-32 characters of {@code A-Z a-z 0-9 . _ # + ! -}, case preserved. */
public final class SymbolName {

    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._#+!-]{1,32}");
    public static final String RULE = "1-32 characters of A-Z a-z 0-9 . _ # + ! -";

    private SymbolName() {
    }

    /** The rule of {@link #PATTERN}, checked without a regex because it runs for every ingested item. */
    public static boolean isValid(String symbol) {
        if (symbol == null) {
            return false;
        }
        int length = symbol.length();
        if (length < 1 || length > 32) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = symbol.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '#' || c == '+' || c == '!' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
