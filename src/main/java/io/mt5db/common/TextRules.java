package io.mt5db.common;

/**
 * The one rule for every text the server stores or uses as a key (SPEC section 2, "Bounds for every
 * route alike"): valid UTF-8 (no unpaired surrogate, no U+FFFD, which is what invalid UTF-8 bytes
 * decode to), no NUL, and within the length of its {@link Kind}.
 *
 * <p>Control characters: no C0 control (U+0000-U+001F) nor DEL (U+007F) in any kind, except that a
 * free-text {@link Kind#MESSAGE} may hold tab, line feed and carriage return (an EA's error text
 * may span lines). NUL is refused in every kind: PostgreSQL cannot store it in {@code text}.
 *
 * <p>Lengths are counted in UTF-16 units (Java characters), the same unit every other check uses:
 * <ul>
 * <li>{@link Kind#NAME} 100: key names, model versions, symbols' descriptions-as-names, labels</li>
 * <li>{@link Kind#ACCOUNT_ID} 64: MT5 logins or account names (the tables' limit)</li>
 * <li>{@link Kind#MESSAGE} 2000: EA messages, comments, descriptions</li>
 * <li>{@link Kind#CURSOR} 512: the opaque next_cursor of a page</li>
 * <li>{@link Kind#PARAMETER} 4096: any other query parameter or header value the server reads</li>
 * <li>{@link Kind#USER_AGENT} 200: a client's User-Agent as recorded for /clients (longer is clipped by the caller)</li>
 * </ul>
 * Pure: no framework type; {@link #check} answers a message, {@link #require} throws a 400.
 */
public final class TextRules {

    public enum Kind {
        NAME(100, false),
        ACCOUNT_ID(64, false),
        MESSAGE(2000, true),
        CURSOR(512, false),
        PARAMETER(4096, false),
        USER_AGENT(200, false);

        private final int maxLength;
        private final boolean lineBreaks;

        Kind(int maxLength, boolean lineBreaks) {
            this.maxLength = maxLength;
            this.lineBreaks = lineBreaks;
        }

        public int maxLength() {
            return maxLength;
        }

        public boolean allowsLineBreaks() {
            return lineBreaks;
        }
    }

    private TextRules() {
    }

    /** Null when {@code value} (null counts as acceptable: absence is the caller's rule) obeys the rule, else why not, naming {@code field}. */
    public static String check(String field, String value, Kind kind) {
        return check(field, value, kind, kind.maxLength());
    }

    /** As {@link #check(String, String, Kind)} with the characters of {@code kind} and a length of the field's own. */
    public static String check(String field, String value, Kind kind, int maxLength) {
        if (value == null) {
            return null;
        }
        int max = maxLength;
        if (value.length() > max) {
            return field + " is longer than " + max + " characters";
        }
        String bad = badCharacter(value, kind.allowsLineBreaks());
        return bad == null ? null : field + " " + bad;
    }

    /** Throws 400 naming {@code field} when {@code value} breaks the rule; answers it unchanged otherwise. */
    public static String require(String field, String value, Kind kind) {
        String problem = check(field, value, kind);
        if (problem != null) {
            throw ApiException.badRequest(problem, java.util.List.of(new FieldError(null, field, problem)));
        }
        return value;
    }

    /**
     * A client's text as an error message quotes it: cut to {@code max} characters with an ellipsis, so
     * that a 1 MB value never comes back in a problem body.
     */
    public static String abbreviate(String text, int max) {
        return text.length() > max ? text.substring(0, max) + "…" : text;
    }

    /** True when {@code value} holds no character the rule forbids (length not considered). */
    public static boolean isClean(String value, boolean lineBreaks) {
        return value == null || badCharacter(value, lineBreaks) == null;
    }

    /** Null when every character is allowed, else a phrase saying which one and where. */
    static String badCharacter(String value, boolean lineBreaks) {
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                continue;
            }
            if (c == 0) {
                return "contains a NUL character (U+0000) at position " + i;
            }
            if (c < 0x20 || c == 0x7f) {
                if (lineBreaks && (c == '\t' || c == '\n' || c == '\r')) {
                    continue;
                }
                return "contains the control character U+" + String.format("%04X", (int) c) + " at position " + i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "is not valid UTF-8 (unpaired surrogate at position " + i + ")";
            }
            if (Character.isLowSurrogate(c)) {
                return "is not valid UTF-8 (unpaired surrogate at position " + i + ")";
            }
            if (c == '\uFFFD') {
                return "is not valid UTF-8 (replacement character U+FFFD at position " + i + ")";
            }
        }
        return null;
    }
}
