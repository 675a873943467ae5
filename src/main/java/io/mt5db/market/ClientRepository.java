package io.mt5db.market;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads {@code api_clients}. */
@ApplicationScoped
public class ClientRepository {

    /** A page position: the last row of the previous page. */
    public record Position(long keyId, String userAgent, String accountId) {
    }

    public record ClientRow(long keyId, String keyName, String userAgent, String accountId, Instant firstSeenAt,
            Instant lastSeenAt, Instant lastIngestAt, long requests, List<String> symbols) {
    }

    @Inject
    DataSource dataSource;

    /** Up to limit + 1 rows after the position, optionally of one account, in key order. */
    public List<ClientRow> list(String account, Position after, int limit) throws SQLException {
        String sql = """
                SELECT key_id, key_name, user_agent, account_id, first_seen_at, last_seen_at, last_ingest_at, requests,
                       symbols
                  FROM api_clients
                 WHERE (?::text IS NULL OR account_id = ?)
                   AND (?::int8 IS NULL OR (key_id, user_agent, account_id) > (?, ?, ?))
                 ORDER BY key_id, user_agent, account_id
                 LIMIT ?
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, account);
            ps.setString(2, account);
            ps.setObject(3, after == null ? null : after.keyId(), java.sql.Types.BIGINT);
            ps.setObject(4, after == null ? null : after.keyId(), java.sql.Types.BIGINT);
            ps.setString(5, after == null ? null : after.userAgent());
            ps.setString(6, after == null ? null : after.accountId());
            ps.setInt(7, limit + 1);
            List<ClientRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array symbols = rs.getArray(9);
                    rows.add(new ClientRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            instant(rs, 5), instant(rs, 6), instant(rs, 7), rs.getLong(8),
                            Arrays.asList((String[]) symbols.getArray())));
                }
            }
            return rows;
        }
    }

    /** The latest ingest request any replica has written down. */
    public Optional<Instant> lastIngest() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT max(last_ingest_at) FROM api_clients");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return Optional.ofNullable(instant(rs, 1));
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
