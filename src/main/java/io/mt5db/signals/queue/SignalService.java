package io.mt5db.signals.queue;

import io.mt5db.common.ApiException;
import io.mt5db.common.FieldError;
import io.mt5db.common.Sql;
import io.mt5db.signals.SignalRules;
import io.mt5db.signals.SignalsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The signal queue: enqueue (admin or the ML inference job), deliver once per account with a lease,
 * record acks idempotently, cancel. This is the entry point other modules call.
 */
@ApplicationScoped
public class SignalService {

    @Inject
    SignalRepository repository;


    @Inject
    SignalMetrics metrics;

    @Inject
    SignalsConfig config;

    @Inject
    DataSource dataSource;

    /** The stored signal for the request, and whether this call created it (false: its bar already had one). */
    public record Created(Signal signal, boolean created) {
    }

    /**
     * Enqueues a signal in its own transaction. A model signal (bar_ts set) is created at most once per
     * (symbol, timeframe, bar_ts): when the bar already has a signal, that one is answered with
     * {@code created == false}.
     *
     * @throws ApiException 422 listing every invalid field
     */
    public Created create(NewSignal signal) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Created result = insert(c, signal);
                c.commit();
                if (result.created()) {
                    metrics.created();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                Sql.rollbackQuietly(c);
                throw e;
            }
        }
    }

    /**
     * Enqueues a signal inside the caller's transaction (so that, say, a model prediction and its signal
     * commit together); the caller commits. Counted in signals_created_total when created, even if the
     * caller later rolls back.
     */
    public Created create(Connection transaction, NewSignal signal) throws SQLException {
        Created result = insert(transaction, signal);
        if (result.created()) {
            metrics.created();
        }
        return result;
    }

    private Created insert(Connection c, NewSignal signal) throws SQLException {
        List<FieldError> errors = SignalRules.validate(signal);
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable("The signal is invalid", errors);
        }
        int ttl = signal.ttlSec() != null ? signal.ttlSec() : (int) config.defaultTtl().toSeconds();
        Optional<Signal> inserted = repository.insert(c, signal, ttl);
        if (inserted.isPresent()) {
            return new Created(inserted.get(), true);
        }
        Signal existing = repository.findByBar(c, signal.symbol(), signal.timeframe(), signal.barTs())
                .orElseThrow(() -> new IllegalStateException("a bar conflict without a signal for the bar"));
        return new Created(existing, false);
    }

    /** Claims and commits the oldest deliverable signals for the poll's account. */
    public List<DeliveredSignal> next(PollRequest poll) throws SQLException {
        List<SignalRepository.Claim> claims = repository.claim(poll, config.lease());
        for (SignalRepository.Claim claim : claims) {
            metrics.delivered(claim.delivered(),
                    Duration.between(claim.delivered().signal().createdAt(), claim.firstDeliveredAt()));
        }
        return claims.stream().map(SignalRepository.Claim::delivered).toList();
    }

    /**
     * Records the EA's outcome of a delivery; the same ack again answers the stored one.
     *
     * @throws ApiException 404 for an unknown signal or one never delivered to the account, 409 when a
     *         different outcome was recorded before
     */
    public AckResponse ack(AckRequest ack) throws SQLException {
        Optional<SignalRepository.AckResult> found = repository.ack(ack);
        if (found.isEmpty()) {
            throw repository.exists(ack.id())
                    ? ApiException.notFound("Signal " + ack.id() + " was never delivered to account " + ack.accountId())
                    : ApiException.notFound("No signal " + ack.id());
        }
        SignalRepository.AckResult result = found.get();
        switch (result.outcome()) {
            case RECORD -> metrics.acked(ack.status());
            case CONFLICT -> throw ApiException.conflict("Signal " + ack.id() + " was already acked as "
                    + result.response().status() + " for account " + ack.accountId() + "; an ack is final");
            case REPEAT -> {
                // idempotent repeat: the stored ack is the answer
            }
        }
        return result.response();
    }

    /**
     * Cancels an active signal: never delivered afterwards. Cancelling a cancelled signal answers it
     * unchanged.
     *
     * @throws ApiException 404 unknown, 409 already expired
     */
    public Signal cancel(UUID id) throws SQLException {
        Signal signal = repository.cancel(id).orElseThrow(() -> ApiException.notFound("No signal " + id));
        if (signal.status() == SignalStatus.EXPIRED) {
            throw ApiException.conflict("Signal " + id + " has already expired");
        }
        return signal;
    }
}
