package io.mt5db.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextRulesTest {

    @Test
    void acceptsPrintableTextAndPairedSurrogates() {
        assertNull(TextRules.check("name", "EA 1 ÄÖ 日本 \uD83D\uDE00", TextRules.Kind.NAME));
        assertNull(TextRules.check("message", "line 1\nline 2\tend\r\n", TextRules.Kind.MESSAGE));
        assertNull(TextRules.check("account_id", null, TextRules.Kind.ACCOUNT_ID));
    }

    @Test
    void refusesNulEverywhere() {
        for (TextRules.Kind kind : TextRules.Kind.values()) {
            String problem = TextRules.check("f", "A\u0000B", kind);
            assertTrue(problem != null && problem.startsWith("f contains a NUL"), kind + ": " + problem);
        }
    }

    @Test
    void refusesControlsExceptLineBreaksInMessages() {
        assertTrue(TextRules.check("name", "a\nb", TextRules.Kind.NAME).contains("U+000A"));
        assertTrue(TextRules.check("message", "a\u0007b", TextRules.Kind.MESSAGE).contains("U+0007"));
        assertTrue(TextRules.check("message", "a\u007fb", TextRules.Kind.MESSAGE).contains("U+007F"));
    }

    @Test
    void refusesInvalidUtf8() {
        assertTrue(TextRules.check("f", "a\uD800", TextRules.Kind.NAME).contains("not valid UTF-8"));
        assertTrue(TextRules.check("f", "\uDC00a", TextRules.Kind.NAME).contains("not valid UTF-8"));
        assertTrue(TextRules.check("f", "a\uFFFD", TextRules.Kind.NAME).contains("not valid UTF-8"));
    }

    @Test
    void enforcesTheLengthOfEachKind() {
        assertNull(TextRules.check("account_id", "1".repeat(64), TextRules.Kind.ACCOUNT_ID));
        assertEquals("account_id is longer than 64 characters",
                TextRules.check("account_id", "1".repeat(65), TextRules.Kind.ACCOUNT_ID));
        assertEquals("name is longer than 10 characters", TextRules.check("name", "x".repeat(11), TextRules.Kind.NAME, 10));
        assertNull(TextRules.check("symbol", "x".repeat(64), TextRules.Kind.NAME, 64));
        ApiException e = assertThrows(ApiException.class, () -> TextRules.require("cursor", "x".repeat(513), TextRules.Kind.CURSOR));
        assertEquals(400, e.status());
        assertEquals("cursor", e.errors().get(0).field());
    }
}
