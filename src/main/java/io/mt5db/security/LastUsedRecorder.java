package io.mt5db.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/** Records when a key was last used; at most one write per key every few seconds. */
@ApplicationScoped
public class LastUsedRecorder {

    private static final Logger LOG = Logger.getLogger(LastUsedRecorder.class);

    @Inject
    DataSource dataSource;

    public void touch(long keyId, Instant at) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")) {
            Timestamp ts = Timestamp.from(at);
            ps.setTimestamp(1, ts);
            ps.setLong(2, keyId);
            ps.setTimestamp(3, ts);
            ps.executeUpdate();
        } catch (SQLException e) {
            // Usage tracking must never fail a request; the next use writes it again.
            LOG.debugf("could not record last use of key %d: %s", keyId, e.getMessage());
        }
    }
}
