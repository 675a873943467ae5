package io.mt5db.signals.pauses;

import io.mt5db.common.Sql;
import io.mt5db.signals.JdbcSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The trading_pauses table. The claim reads it itself (see {@link SignalRepository}). */
@ApplicationScoped
public class TradingPauseRepository {

    private static final String COLUMNS = "account_id, symbol, paused_at, paused_by, by_admin, reason";

    /** Pausing twice keeps the first pause; an admin pausing it as well makes it an admin pause. */
    private static final String PAUSE = """
            INSERT INTO trading_pauses AS p (account_id, symbol, paused_by, by_admin, reason)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT ON CONSTRAINT trading_pauses_scope DO UPDATE
               SET by_admin = p.by_admin OR EXCLUDED.by_admin
            RETURNING\s""" + COLUMNS;

    private static final String FIND_FOR_UPDATE = "SELECT " + COLUMNS
            + " FROM trading_pauses WHERE account_id IS NOT DISTINCT FROM ? AND symbol IS NOT DISTINCT FROM ? FOR UPDATE";

    private static final String DELETE =
            "DELETE FROM trading_pauses WHERE account_id IS NOT DISTINCT FROM ? AND symbol IS NOT DISTINCT FROM ?";

    @Inject
    DataSource dataSource;

    /** What {@link #lift} did. */
    public enum Lifted {
        LIFTED, NOT_PAUSED, REFUSED_ADMIN_PAUSE
    }

    public TradingPause pause(String account, String symbol, String pausedBy, boolean byAdmin, String reason)
            throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PAUSE)) {
            ps.setString(1, account);
            ps.setString(2, symbol);
            ps.setString(3, pausedBy);
            ps.setBoolean(4, byAdmin);
            ps.setString(5, reason);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return pause(rs);
            }
        }
    }

    /** Lifts the pause of exactly this scope; one set by an admin only when {@code mayLiftAdminPause}. */
    public Lifted lift(String account, String symbol, boolean mayLiftAdminPause) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<TradingPause> existing;
                try (PreparedStatement ps = c.prepareStatement(FIND_FOR_UPDATE)) {
                    ps.setString(1, account);
                    ps.setString(2, symbol);
                    try (ResultSet rs = ps.executeQuery()) {
                        existing = rs.next() ? Optional.of(pause(rs)) : Optional.empty();
                    }
                }
                Lifted outcome;
                if (existing.isEmpty()) {
                    outcome = Lifted.NOT_PAUSED;
                } else if (existing.get().byAdmin() && !mayLiftAdminPause) {
                    outcome = Lifted.REFUSED_ADMIN_PAUSE;
                } else {
                    outcome = Lifted.LIFTED;
                    try (PreparedStatement ps = c.prepareStatement(DELETE)) {
                        ps.setString(1, account);
                        ps.setString(2, symbol);
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return outcome;
            } catch (SQLException | RuntimeException e) {
                Sql.rollbackQuietly(c);
                throw e;
            }
        }
    }

    /** Every pause, or ({@code account} set) those that apply to the account: its own and the global ones. */
    public List<TradingPause> list(String account) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM trading_pauses"
                + (account == null ? "" : " WHERE account_id IS NULL OR account_id = ?")
                + " ORDER BY paused_at, id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (account != null) {
                ps.setString(1, account);
            }
            List<TradingPause> pauses = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pauses.add(pause(rs));
                }
            }
            return pauses;
        }
    }

    private static TradingPause pause(ResultSet rs) throws SQLException {
        return new TradingPause(rs.getString(1), rs.getString(2), JdbcSupport.instant(rs, 3), rs.getString(4),
                rs.getBoolean(5), rs.getString(6));
    }
}
