package io.mt5db.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
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
}
