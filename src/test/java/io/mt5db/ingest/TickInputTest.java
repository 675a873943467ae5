package io.mt5db.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written equals and hashCode keep the record contract: equal exactly when every component is. */
class TickInputTest {

    private static List<Object> components(TickInput t) {
        return Arrays.asList(t.symbol(), t.tsMillis(), t.bid(), t.ask(), t.last(), t.volume(), t.flags());
    }

    @Test
    void equalsAndHashCodeFollowTheComponents() {
        Random random = new Random(3);
        String[] symbols = {"EURUSD", "GBPUSD"};
        Double[] optional = {null, 0.0, -0.0, 1.5};
        Integer[] flags = {null, 0, 6};
        TickInput[] ticks = new TickInput[400];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = new TickInput(new String(symbols[random.nextInt(2)].toCharArray()), random.nextInt(2),
                    random.nextBoolean() ? 1.1 : -0.0 + random.nextInt(2) * 0.0, random.nextBoolean() ? 1.2 : 0.0,
                    optional[random.nextInt(4)], optional[random.nextInt(4)], flags[random.nextInt(3)]);
        }
        for (TickInput a : ticks) {
            for (TickInput b : ticks) {
                boolean expected = components(a).equals(components(b));
                assertEquals(expected, a.equals(b), a + " vs " + b);
                if (expected) {
                    assertEquals(a.hashCode(), b.hashCode());
                }
            }
        }
    }
}
