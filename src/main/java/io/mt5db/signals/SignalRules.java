package io.mt5db.signals;

import io.mt5db.common.ApiException;
import io.mt5db.common.FieldError;
import io.mt5db.common.QueryParams;
import io.mt5db.common.TextRules;
import io.mt5db.signals.queue.NewSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What makes a signal, an account id or a symbol acceptable; answers field errors, never throws. */
public final class SignalRules {

    /** SPEC section 1; the tables check it as well. */
    public static final int MAX_ACCOUNT_ID_LENGTH = 64;
    /** A week: a signal older than that is no signal. */
    public static final int MAX_TTL_SEC = 7 * 24 * 3600;
    public static final int MAX_TEXT_LENGTH = 2000;

    private SignalRules() {
    }

    public static List<FieldError> validate(NewSignal signal) {
        List<FieldError> errors = new ArrayList<>();
        String symbolError = symbolError(signal.symbol());
        if (symbolError != null) {
            errors.add(new FieldError(null, "symbol", symbolError));
        }
        if (signal.timeframe() == null) {
            errors.add(new FieldError(null, "timeframe", "timeframe is required: M1 M5 M15 M30 H1 H4 D1 W1 MN1"));
        }
        if (signal.side() == null) {
            errors.add(new FieldError(null, "side", "side is required: BUY, SELL or CLOSE"));
        }
        if (signal.barTs() != null && signal.timeframe() != null && !signal.timeframe().isAligned(signal.barTs())) {
            errors.add(new FieldError(null, "bar_ts", "bar_ts " + signal.barTs() + " is not the start of a UTC "
                    + signal.timeframe() + " bar (" + signal.timeframe().floor(signal.barTs()) + ")"));
        }
        probability(errors, "confidence", signal.confidence());
        probability(errors, "prob_up", signal.probUp());
        if (signal.lots() != null && !(Double.isFinite(signal.lots()) && signal.lots() > 0)) {
            errors.add(new FieldError(null, "lots", "lots must be a positive number"));
        }
        nonNegative(errors, "sl_pips", signal.slPips());
        nonNegative(errors, "tp_pips", signal.tpPips());
        if (signal.ttlSec() != null && (signal.ttlSec() < 1 || signal.ttlSec() > MAX_TTL_SEC)) {
            errors.add(new FieldError(null, "ttl_sec", "ttl_sec must be between 1 and " + MAX_TTL_SEC + " seconds"));
        }
        if (signal.accountId() != null) {
            String accountError = accountIdError(signal.accountId());
            if (accountError != null) {
                errors.add(new FieldError(null, "account_id", accountError));
            }
        }
        if (signal.modelVersion() != null && (signal.modelVersion().isBlank() || signal.modelVersion().length() > 100)) {
            errors.add(new FieldError(null, "model_version", "model_version must be 1-100 characters"));
        }
        return errors;
    }

    /** Null when acceptable, else why not. */
    public static String symbolError(String symbol) {
        if (symbol == null || symbol.isEmpty()) {
            return "symbol is required";
        }
        return io.mt5db.common.SymbolName.isValid(symbol) ? null
                : "symbol must be 1-32 characters of A-Z a-z 0-9 . _ # + ! -";
    }

    /** The optional {@code account_id} query parameter, checked by {@link #accountIdError} (400 otherwise). */
    public static String accountParameter(String value) {
        return QueryParams.checked("account_id", value, SignalRules::accountIdError);
    }

    /** Null when acceptable, else why not: 1-64 printable characters (an MT5 login, or a name). */
    public static String accountIdError(String accountId) {
        if (accountId == null || accountId.isBlank()) {
            return "account_id is required";
        }
        if (accountId.length() > MAX_ACCOUNT_ID_LENGTH || accountId.chars().anyMatch(Character::isISOControl)
                || !accountId.strip().equals(accountId)) {
            return "account_id must be 1-" + MAX_ACCOUNT_ID_LENGTH
                    + " printable characters without leading or trailing spaces";
        }
        return null;
    }

    private static void probability(List<FieldError> errors, String field, Double value) {
        if (value != null && !(value >= 0 && value <= 1)) {
            errors.add(new FieldError(null, field, field + " must be between 0 and 1"));
        }
    }

    private static void nonNegative(List<FieldError> errors, String field, Double value) {
        if (value != null && !(Double.isFinite(value) && value >= 0)) {
            errors.add(new FieldError(null, field, field + " must be a number >= 0"));
        }
    }

    /** A signal id from a path: anything that is not a UUID names no signal (404). */
    public static UUID signalId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("No signal " + TextRules.abbreviate(id, 64));
        }
    }
}
