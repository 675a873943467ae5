package io.mt5db.ops;

import io.quarkus.arc.Unremovable;
import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jboss.logging.Logger;

/**
 * Holds Flyway, the first to connect, until the embedded PostgreSQL that {@link Main} starts in the
 * background serves. Otherwise a database a little slower to start than Quarkus to boot (a cold disk,
 * recovery after a crash) costs the first connection retry's sleep of at least a second.
 */
@Singleton
@Unremovable
public class FlywayAwaitsEmbeddedDatabase implements FlywayConfigurationCustomizer {

    private static final Logger LOG = Logger.getLogger(FlywayAwaitsEmbeddedDatabase.class);
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    @Override
    public void customize(FluentConfiguration configuration) {
        long start = System.nanoTime();
        try {
            if (!Main.EMBEDDED_START.await(MAX_WAIT)) {
                LOG.warnf("The embedded PostgreSQL is not up after %s; Flyway retries its connection", MAX_WAIT);
                return;
            }
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            if (waitedMillis > 0) {
                LOG.infof("Flyway waited %d ms for the embedded PostgreSQL", waitedMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
