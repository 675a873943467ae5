package io.mt5db.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Flyway sees the customizer that holds it until the embedded database serves. */
@QuarkusTest
class FlywayAwaitsEmbeddedDatabaseTest {

    @Inject
    Instance<FlywayConfigurationCustomizer> customizers;

    @Test
    void theDefaultDatasourcesFlywayIsHeldUntilTheEmbeddedDatabaseServes() {
        assertTrue(customizers.stream().anyMatch(FlywayAwaitsEmbeddedDatabase.class::isInstance),
                "registered as a customizer of the default datasource's Flyway");
        // Tests start no embedded database through Main: the customizer lets Flyway through at once.
        long start = System.nanoTime();
        customizers.stream().forEach(c -> c.customize(Flyway.configure()));
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "no wait when no embedded start began");
    }
}
