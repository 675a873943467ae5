package io.mt5db.ops;

import io.mt5db.common.StorageConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Applies TimescaleDB hypertables, compression and retention at every start when the extension is
 * available (so installing it later takes effect); on plain PostgreSQL it does nothing.
 */
@ApplicationScoped
public class TimescaleSetup {

    private static final Logger LOG = Logger.getLogger(TimescaleSetup.class);

    @Inject
    DataSource dataSource;

    @Inject
    StorageConfig storage;

    void onStart(@Observes StartupEvent event) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT mt5db_apply_timescale(?::interval, ?::interval)")) {
            ps.setString(1, storage.timescaleCompressAfter().toSeconds() + " seconds");
            ps.setString(2, storage.timescaleCandleRetention().toSeconds() + " seconds");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                LOG.infof("TimescaleDB: %s", rs.getString(1));
            }
        } catch (SQLException e) {
            LOG.warnf("TimescaleDB setup skipped: %s", e.getMessage());
        }
    }
}
