package io.mt5db.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The per-installation secret of the keyed key hash ({@link ApiKeyService#keyedHash}): from
 * {@code MT5DB_KEY_PEPPER} when set (kept outside the database, so a database dump alone does not
 * allow guessing short operator keys), else 32 random bytes generated once into
 * {@code server_secrets} (shared by every replica of the database). Read once per process.
 */
@ApplicationScoped
public class KeyPepper {

    static final String NAME = "api-key-pepper";

    @Inject
    SecurityConfig config;

    @Inject
    DataSource dataSource;

    private volatile byte[] pepper;

    public byte[] get() {
        byte[] p = pepper;
        if (p == null) {
            synchronized (this) {
                if (pepper == null) {
                    pepper = load();
                }
                p = pepper;
            }
        }
        return p;
    }

    private byte[] load() {
        if (config.keyPepper().isPresent() && !config.keyPepper().get().isBlank()) {
            return config.keyPepper().get().getBytes(StandardCharsets.UTF_8);
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO server_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
                ps.setString(1, NAME);
                ps.setBytes(2, fresh);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM server_secrets WHERE name = ?")) {
                ps.setString(1, NAME);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBytes(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the key pepper could not be read from server_secrets", e);
        }
    }
}
