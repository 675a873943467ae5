package io.mt5db.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mt5db.testing.Gzip;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {

    private final JsonBodies bodies = new JsonBodies(new ObjectMapper());

    private JsonNode read(String json) {
        return bodies.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), null, 1 << 20);
    }

    @Test
    void numbersAreTheJdksCorrectlyRoundedDoubles() {
        Random random = new Random(11);
        StringBuilder json = new StringBuilder("[");
        String[] texts = new String[20_000];
        for (int i = 0; i < texts.length; i++) {
            double value = switch (i % 4) {
                case 0 -> random.nextDouble() * 2;
                case 1 -> Math.round(random.nextDouble() * 1e7) / 1e5;
                case 2 -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL);
                default -> random.nextGaussian() * 1e-6;
            };
            // Prices as EAs print them (fixed decimals) and as Java does (shortest round trip).
            texts[i] = i % 2 == 0 ? Double.toString(value) : String.format(java.util.Locale.ROOT, "%.7f", value);
            json.append(i > 0 ? "," : "").append(texts[i]);
        }
        JsonNode array = read(json.append(']').toString());
        for (int i = 0; i < texts.length; i++) {
            assertEquals(Double.parseDouble(texts[i]), array.get(i).doubleValue(), texts[i]);
        }
    }

    @Test
    void trailingNulIsToleratedAndTrailingTokensAreNot() {
        assertEquals(1.5, read("{\"a\":1.5}\u0000").get("a").doubleValue());
        ApiException e = assertThrows(ApiException.class, () -> read("{\"a\":1} {\"b\":2}"));
        assertEquals(400, e.status());
    }

    private static final java.util.function.LongConsumer UNCOUNTED = n -> { };

    private static final Set<String> KNOWN = Set.of("a", "b", "c", "ts");

    /** A stream that hands out at most one byte per read, as a slow network might. */
    private static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    private JsonNode items(String json, int maxItems) {
        return bodies.readItems(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), null, 1 << 20, "items",
                KNOWN, maxItems, UNCOUNTED);
    }

    /** What readTree gives, less every field outside KNOWN (and "items" at the root) in the root and its items. */
    private JsonNode treeWithoutUnknownFields(String json) {
        JsonNode root = read(json);
        if (root.isObject()) {
            retainKnown((ObjectNode) root, true);
            JsonNode list = root.get("items");
            if (list != null && list.isArray()) {
                list.forEach(item -> retainKnownIfObject(item));
            }
        } else if (root.isArray()) {
            root.forEach(item -> retainKnownIfObject(item));
        }
        return root;
    }

    private static void retainKnownIfObject(JsonNode node) {
        if (node.isObject()) {
            retainKnown((ObjectNode) node, false);
        }
    }

    private static void retainKnown(ObjectNode object, boolean root) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!KNOWN.contains(name) && !(root && name.equals("items"))) {
                names.remove();
            }
        }
    }

    private static String randomValue(Random random, int depth) {
        return switch (random.nextInt(depth > 1 ? 12 : 14)) {
            case 0 -> Integer.toString(random.nextInt());
            case 1 -> Long.toString(random.nextLong());
            case 2 -> "123456789012345678901234567890";
            case 3 -> Double.toString(random.nextDouble() * 1e4);
            case 4 -> "1.5e" + (random.nextInt(700) - 350);
            case 5 -> "-0.0";
            case 6 -> "\"t\\u00e9xt \\\" " + random.nextInt(1000) + "\"";
            case 7 -> "true";
            case 8 -> "false";
            case 9 -> "null";
            case 10 -> "\"2024.06.01 10:00\"";
            case 11 -> "0.1234567890123456789012345";
            case 12 -> "{\"a\": " + randomValue(random, depth + 1) + ", \"z\": [" + randomValue(random, depth + 1) + "]}";
            default -> "[" + randomValue(random, depth + 1) + ", " + randomValue(random, depth + 1) + "]";
        };
    }

    private static String randomObject(Random random) {
        StringBuilder object = new StringBuilder("{");
        String[] names = {"a", "b", "c", "ts", "unknown", "note", "a"};
        int fields = random.nextInt(6);
        for (int f = 0; f < fields; f++) {
            object.append(f > 0 ? ", " : "").append('"').append(names[random.nextInt(names.length)]).append("\": ")
                    .append(randomValue(random, 0));
        }
        return object.append('}').toString();
    }

    @Test
    void streamedItemsAreTheTreeReadersNodesLessUnknownFields() {
        Random random = new Random(5);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder list = new StringBuilder("[");
            int n = random.nextInt(5);
            for (int i = 0; i < n; i++) {
                list.append(i > 0 ? ", " : "").append(random.nextInt(8) == 0 ? randomValue(random, 0) : randomObject(random));
            }
            list.append(']');
            String json = switch (round % 4) {
                case 0 -> list.toString();
                case 1 -> "{\"note\": [1, {\"x\": 2}], \"items\": " + list + ", \"a\": 1}";
                case 2 -> randomObject(random);
                default -> randomValue(random, 0);
            };
            JsonNode expected = treeWithoutUnknownFields(json);
            JsonNode streamed = items(json, 100);
            assertEquals(expected, streamed, json);
            assertEquals(expected.toString(), streamed.toString(), json);
        }
    }

    @Test
    void fieldsOutsideTheItemFieldsAreSkippedAndTheItemLimitStopsTheRead() {
        JsonNode root = items("[{\"a\": 1, \"note\": \"" + "x".repeat(10_000) + "\", \"deep\": {\"a\": [1, 2]}}]", 10);
        assertEquals(1, root.size());
        assertEquals(Set.of("a"), Set.copyOf(iterableNames(root.get(0))));
        // The fourth item is refused before the malformed rest is read: the limit, not the syntax, answers.
        ApiException tooMany = assertThrows(ApiException.class, () -> items("[{}, {}, {}, {} {{{", 3));
        assertEquals(413, tooMany.status());
        assertTrue(tooMany.getMessage().contains("more than 3 items"), tooMany.getMessage());
        assertEquals(3, items("{\"items\": [{}, {}, {}]}", 3).get("items").size());
        assertEquals(413, assertThrows(ApiException.class, () -> items("{\"items\": [1, 2, 3, 4]}", 3)).status());
    }

    private static java.util.List<String> iterableNames(JsonNode object) {
        java.util.List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void itemsRefuseEmptyMalformedAndTrailingContent() {
        assertEquals(400, assertThrows(ApiException.class, () -> items(" \n\u0000", 10)).status());
        ApiException malformed = assertThrows(ApiException.class, () -> items("[{\"a\": 1,]", 10));
        assertEquals(400, malformed.status());
        assertTrue(malformed.getMessage().contains("line 1, column"), malformed.getMessage());
        ApiException trailing = assertThrows(ApiException.class, () -> items("[1] [2]", 10));
        assertEquals(400, trailing.status());
        assertTrue(trailing.getMessage().contains("trailing"), trailing.getMessage());
    }

    @Test
    void onlyATrailingRunOfNulsAndWhitespaceEndsTheBody() throws IOException {
        String[] accepted = {"[1]\u0000", "[1]\u0000\n\u0000 \r\t", "[1] \u0000\u0000", "[1]\n"};
        for (String json : accepted) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            assertEquals(1, bodies.readItems(trickle(bytes), null, 100, "items", KNOWN, 10, UNCOUNTED).size(), json);
            assertEquals(1, bodies.read(trickle(bytes), null, 100).size(), json);
            assertEquals(1, items(json, 10).size(), json);
        }
        String[] refused = {"[1]\u0000[2]", "[\u00001]", "[\"a\u0000b\"]", "[1]\u0000 x"};
        for (String json : refused) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            assertEquals(400, assertThrows(ApiException.class,
                    () -> bodies.readItems(trickle(bytes), null, 100, "items", KNOWN, 10, UNCOUNTED)).status(), json);
            assertEquals(400, assertThrows(ApiException.class, () -> read(json)).status(), json);
        }
        // A long NUL run read ahead across many reads, then more JSON: still refused, nothing lost before it.
        String longRun = "[1]" + "\u0000".repeat(40_000) + "[2]";
        assertEquals(400, assertThrows(ApiException.class, () -> items(longRun, 10)).status());
        assertEquals(1, items("[1]" + "\u0000".repeat(40_000), 10).size());
    }

    @Test
    void theLimitCountsDecompressedBytesNulsIncluded() {
        byte[] spaces = new byte[5_000];
        java.util.Arrays.fill(spaces, (byte) ' ');
        spaces[0] = '[';
        spaces[spaces.length - 1] = ']';
        byte[] compressed = Gzip.of(spaces);
        assertTrue(compressed.length < 200);
        ApiException bomb = assertThrows(ApiException.class,
                () -> bodies.readItems(new ByteArrayInputStream(compressed), "gzip", 4_999, "items", KNOWN, 10, UNCOUNTED));
        assertEquals(413, bomb.status());
        assertTrue(bomb.getMessage().contains("after decompression"));
        assertEquals(0, bodies.readItems(new ByteArrayInputStream(compressed), "gzip", 5_000, "items", KNOWN, 10, UNCOUNTED).size());
        byte[] nulPadded = ("[1]" + "\u0000".repeat(100)).getBytes(StandardCharsets.UTF_8);
        assertEquals(413, assertThrows(ApiException.class,
                () -> bodies.readItems(new ByteArrayInputStream(nulPadded), null, 102, "items", KNOWN, 10, UNCOUNTED)).status());
        assertFalse(bodies.readItems(new ByteArrayInputStream(nulPadded), null, 103, "items", KNOWN, 10, UNCOUNTED).isEmpty());
        byte[] truncated = java.util.Arrays.copyOf(compressed, compressed.length - 12);
        ApiException cut = assertThrows(ApiException.class,
                () -> bodies.readItems(new ByteArrayInputStream(truncated), "gzip", 10_000, "items", KNOWN, 10, UNCOUNTED));
        assertEquals(400, cut.status());
        assertEquals(400, assertThrows(ApiException.class, () -> bodies.readItems(
                new ByteArrayInputStream("[1]".getBytes(StandardCharsets.UTF_8)), "gzip", 100, "items", KNOWN, 10, UNCOUNTED)).status());
    }
}
