package io.mt5db.ingest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.mt5db.testing.Api;
import io.mt5db.testing.TightLimitsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** The old system's SYMBOLS as an allow-list: other symbols are rejected, saying why. */
@QuarkusTest
@TestProfile(TightLimitsProfile.class)
class SymbolAllowListTest {

    @Test
    void candlesAndTicksOfOtherSymbolsAreRejectedWithTheReason() {
        Api.ea().body("[" + Api.m1("EURUSD", "\"2025-10-20T03:00:00Z\"") + "," + Api.m1("XAUUSD", "\"2025-10-20T03:00:00Z\"") + "]")
                .post("/ingest_batch").then().statusCode(200)
                .body("inserted", equalTo(1)).body("rejected", equalTo(1))
                .body("details[1].status", equalTo("rejected"))
                .body("details[1].reason", equalTo("symbol_not_allowed"))
                .body("details[1].field", equalTo("symbol"))
                .body("details[1].error", containsString("'XAUUSD' is not in the configured allow-list (EURUSD,GBPUSD"));
        Api.ea().body("{\"ticks\":[{\"symbol\":\"GBPUSD\",\"ts_msc\":1760929270123,\"bid\":1.25,\"ask\":1.2502},"
                + "{\"symbol\":\"US30\",\"ts_msc\":1760929270123,\"bid\":42000,\"ask\":42001}]}")
                .post("/ingest/tick").then().statusCode(200)
                .body("inserted", equalTo(1)).body("rejected", equalTo(1))
                .body("details[1].reason", equalTo("symbol_not_allowed"));
    }
}
