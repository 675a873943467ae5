package io.mt5db.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mt5db.common.JsonFieldReader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ingest hot path's hand-written checks must agree with the rules they replace. */
class HotPathEquivalenceTest {

    @Test
    void symbolCheckAgreesWithTheSymbolPattern() {
        String alphabet = "AZaz09._#+!-/ $%é\u0000\uD83D\uDE00";
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(0, 36);
            for (int j = 0; j < length; j++) {
                sb.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : (char) random.nextInt('A', 'Z' + 1));
            }
            String symbol = sb.toString();
            assertEquals(io.mt5db.common.SymbolName.PATTERN.matcher(symbol).matches(), io.mt5db.common.SymbolName.isValid(symbol), symbol);
        }
    }

    @Test
    void describingAnIntegralNumberMatchesItsJson() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (String json : new String[] {"1760929270123", "-5", "0", "123456789012345678901234567890", "42"}) {
            JsonNode node = mapper.readTree(json);
            assertEquals(node.toString(), JsonFieldReader.describe(node), json);
        }
    }
}
