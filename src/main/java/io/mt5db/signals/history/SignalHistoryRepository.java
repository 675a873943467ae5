package io.mt5db.signals.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mt5db.common.Sql;
import io.mt5db.common.Timeframe;
import io.mt5db.signals.JdbcSupport;
import io.mt5db.signals.queue.Delivery;
import io.mt5db.signals.queue.DeliveryStatus;
import io.mt5db.signals.queue.Signal;
import io.mt5db.signals.queue.SignalRows;
import io.mt5db.signals.queue.SignalStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The read side of the signal tables: history pages, one signal with its deliveries. */
@ApplicationScoped
public class SignalHistoryRepository {

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper mapper;

    /** A signal with one or all of its deliveries. */
    public record SignalWithDeliveries(Signal signal, List<Delivery> deliveries) {
    }

    /** A history row: the signal and, when the query is for one account, that account's delivery. */
    public record HistoryRow(long seq, Signal signal, Delivery delivery) {
    }

    /** Filters of {@link #history}; null means unfiltered. {@code account} limits to what it sees and joins its delivery. */
    public record HistoryQuery(String symbol, Timeframe timeframe, Instant from, Instant to, SignalStatus status,
            DeliveryStatus deliveryStatus, String account, Long beforeSeq, int limit) {
    }

    /** The signal and its deliveries; {@code account} non-null: only if the account sees it, with its delivery only. */
    public Optional<SignalWithDeliveries> find(UUID id, String account) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Optional<Signal> signal = SignalRows.find(c, id, mapper);
            if (signal.isEmpty() || (account != null && signal.get().accountId() != null
                    && !signal.get().accountId().equals(account))) {
                return Optional.empty();
            }
            String sql = "SELECT " + SignalRows.DELIVERY_COLUMNS + " FROM signal_deliveries d WHERE d.signal_id = ?"
                    + (account == null ? "" : " AND d.account_id = ?") + " ORDER BY d.first_delivered_at, d.account_id";
            List<Delivery> deliveries = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, id);
                if (account != null) {
                    ps.setString(2, account);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        deliveries.add(SignalRows.delivery(rs));
                    }
                }
            }
            return Optional.of(new SignalWithDeliveries(signal.get(), deliveries));
        }
    }

    /** Newest first. */
    public List<HistoryRow> history(HistoryQuery q) throws SQLException {
        JdbcSupport.Query query = q.account() == null
                ? new JdbcSupport.Query("SELECT s.seq, " + SignalRows.COLUMNS + " FROM signals s WHERE true")
                : new JdbcSupport.Query("SELECT s.seq, " + SignalRows.COLUMNS + ", " + SignalRows.DELIVERY_COLUMNS
                        + " FROM signals s LEFT JOIN signal_deliveries d ON d.signal_id = s.id AND d.account_id = ?"
                        + " WHERE (s.account_id IS NULL OR s.account_id = ?)", q.account(), q.account());
        query.and("s.symbol = ?", q.symbol())
                .and("s.timeframe = ?", q.timeframe() == null ? null : q.timeframe().name())
                .and("s.created_at >= ?", Sql.ts(q.from()))
                .and("s.created_at < ?", Sql.ts(q.to()))
                .and(SignalRows.EFFECTIVE_STATUS + " = ?", q.status() == null ? null : q.status().name())
                .and("d.status = ?", q.deliveryStatus() == null ? null : q.deliveryStatus().name())
                .and("s.seq < ?", q.beforeSeq())
                .append(" ORDER BY s.seq DESC LIMIT ?", q.limit());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = query.prepare(c)) {
            List<HistoryRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Delivery delivery = q.account() != null ? SignalRows.delivery(rs) : null;
                    rows.add(new HistoryRow(rs.getLong("seq"), SignalRows.signal(rs, mapper), delivery));
                }
            }
            return rows;
        }
    }
}
