package io.mt5db.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The compact object map must behave as Jackson's LinkedHashMap does, and trees must come out equal. */
class CompactJsonNodesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void fieldMapFollowsTheLinkedHashMapUnderRandomOperations() {
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 500; round++) {
            Map<String, JsonNode> expected = new LinkedHashMap<>();
            Map<String, JsonNode> actual = new CompactJsonNodes.FieldMap();
            int keys = random.nextInt(1, 40);
            for (int op = 0; op < 200; op++) {
                // new String(...): names not interned, so the equals path is exercised as well.
                String name = random.nextBoolean() ? "f" + random.nextInt(keys) : new String("f" + random.nextInt(keys));
                JsonNode value = MAPPER.getNodeFactory().numberNode(random.nextInt(100));
                switch (random.nextInt(6)) {
                    case 0, 1, 2 -> assertEquals(expected.put(name, value), actual.put(name, value));
                    case 3 -> assertEquals(expected.remove(name), actual.remove(name));
                    case 4 -> {
                        Iterator<Map.Entry<String, JsonNode>> e = expected.entrySet().iterator();
                        Iterator<Map.Entry<String, JsonNode>> a = actual.entrySet().iterator();
                        while (e.hasNext()) {
                            Map.Entry<String, JsonNode> ee = e.next();
                            Map.Entry<String, JsonNode> ae = a.next();
                            assertEquals(ee, ae);
                            if (random.nextInt(4) == 0) {
                                e.remove();
                                a.remove();
                            } else if (random.nextInt(4) == 0) {
                                ee.setValue(value);
                                ae.setValue(value);
                            }
                        }
                        assertEquals(e.hasNext(), a.hasNext());
                    }
                    default -> {
                        assertEquals(expected.get(name), actual.get(name));
                        assertEquals(expected.containsKey(name), actual.containsKey(name));
                    }
                }
                assertEquals(expected.size(), actual.size());
                assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()));
                assertEquals(expected, actual);
                assertEquals(expected.hashCode(), actual.hashCode());
            }
        }
    }

    @Test
    void treesEqualThoseOfTheDefaultFactory() throws Exception {
        JsonBodies bodies = new JsonBodies(MAPPER);
        StringBuilder wide = new StringBuilder("{");
        for (int i = 0; i < 50; i++) {
            wide.append(i > 0 ? "," : "").append("\"k").append(i % 37).append("\":").append(i);
        }
        wide.append('}');
        List<String> documents = List.of(
                "[{\"symbol\":\"EURUSD\",\"timeframe\":\"M1\",\"ts\":1760929270,\"open\":1.0855,\"high\":1.0857,"
                        + "\"low\":1.0854,\"close\":1.0856,\"volume\":150,\"spread\":null,\"x\":{\"y\":[1,2,{\"z\":true}]}}]",
                "{\"ticks\":[{\"symbol\":\"A\",\"ts\":\"2025.10.20 03:00\",\"bid\":\"1.5\"}],\"ticks\":[]}",
                "{\"a\":1,\"a\":2,\"b\":{},\"c\":[],\"d\":1e400,\"e\":12345678901234567890123}",
                wide.toString());
        for (String document : documents) {
            JsonNode expected = MAPPER.readTree(document);
            JsonNode actual = bodies.read(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)), null,
                    1_000_000);
            assertEquals(expected, actual, document);
            assertEquals(expected.toString(), actual.toString(), document);
        }
    }
}
