package io.mt5db.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * One application for the test classes that each need a tighter limit than the default: a profile is
 * a Quarkus restart (seconds to a minute on a busy CI host), and these limits do not get in each
 * other's way. Ingest takes EURUSD and GBPUSD only (SymbolAllowListTest), the body memory budget holds
 * exactly one largest body and a trickling body is cut off after 4 s (SlowClientTest), and a delivery
 * lease lasts one second (SignalLeaseTest). A class that needs a limit that would break the others
 * gets its own profile.
 */
public class TightLimitsProfile implements QuarkusTestProfile {

    public static final String ALLOWED_SYMBOLS = "EURUSD,GBPUSD";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("mt5db.ingest.symbols", ALLOWED_SYMBOLS,
                "mt5db.ingest.body-memory-budget", "16777216",
                "mt5db.http.body-prefetch.body-deadline", "PT4S",
                "mt5db.signals.lease", "PT1S");
    }
}
