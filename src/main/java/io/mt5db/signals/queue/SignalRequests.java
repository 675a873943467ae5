package io.mt5db.signals.queue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mt5db.common.FieldError;
import io.mt5db.common.JsonFieldReader;
import io.mt5db.common.Timeframe;
import io.mt5db.common.TimestampParser;
import io.mt5db.signals.Side;
import io.mt5db.signals.SignalRules;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Turns the JSON bodies of the signal routes into requests, or a 422 naming every bad field. */
final class SignalRequests {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    /** An ack before its account is resolved against the key. */
    record AckInput(UUID id, String accountId, DeliveryStatus status, Long mt5Ticket, Double price, Instant tsExec,
            String message) {

        AckRequest forAccount(String account) {
            return new AckRequest(id, account, status, mt5Ticket, price, tsExec, message);
        }
    }

    private SignalRequests() {
    }

    static NewSignal newSignal(JsonNode body, ObjectMapper mapper) {
        JsonFieldReader r = JsonFieldReader.ofBody(body, "a signal object {symbol, timeframe, side, ...}");
        r.require("symbol", "timeframe", "side");
        String symbol = r.text("symbol", 64);
        String tfText = r.text("timeframe", 16);
        Timeframe timeframe = tfText == null ? null : Timeframe.parse(tfText).orElse(null);
        if (tfText != null && timeframe == null) {
            r.error("timeframe", "timeframe must be one of M1 M5 M15 M30 H1 H4 D1 W1 MN1");
        }
        Side side = r.choice("side", Side.class, EnumSet.allOf(Side.class));
        Instant barTs = r.timestamp("bar_ts", TimestampParser.UTC);
        Double confidence = r.number("confidence");
        Double probUp = r.number("prob_up");
        String modelVersion = r.text("model_version", 100);
        Double lots = r.number("lots");
        Double slPips = r.number("sl_pips");
        Double tpPips = r.number("tp_pips");
        Long ttl = r.count("ttl_sec");
        String accountId = r.text("account_id", SignalRules.MAX_ACCOUNT_ID_LENGTH);
        JsonNode metaNode = r.rawClean("meta");
        Map<String, Object> meta = null;
        if (metaNode != null && !metaNode.isObject()) {
            r.error("meta", "meta must be a JSON object");
        } else if (metaNode != null) {
            meta = mapper.convertValue(metaNode, OBJECT);
        }
        Integer ttlSec = ttl == null ? null : (int) Math.min(ttl, Integer.MAX_VALUE);
        NewSignal signal = new NewSignal(symbol, timeframe, barTs, side, confidence, probUp, modelVersion, lots, slPips,
                tpPips, ttlSec, accountId, meta);
        // Report the rule violations of the readable fields together with the unreadable ones.
        Set<String> unreadable = r.errors().stream().map(FieldError::field).collect(Collectors.toSet());
        SignalRules.validate(signal).stream().filter(e -> !unreadable.contains(e.field()))
                .forEach(e -> r.error(e.field(), e.message()));
        r.failOnErrors("The signal is invalid");
        return signal;
    }

    static AckInput ack(JsonNode body, TimestampParser timestamps) {
        JsonFieldReader r = JsonFieldReader.ofBody(body, "an ack object {id, account_id, status, mt5_ticket?, price?, ts_exec?, message?}");
        r.require("id", "status");
        UUID id = r.uuid("id");
        String accountId = r.text("account_id", SignalRules.MAX_ACCOUNT_ID_LENGTH);
        DeliveryStatus status = r.choice("status", DeliveryStatus.class, DeliveryStatus.ACK_STATUSES);
        Long ticket = r.count("mt5_ticket");
        Double price = r.number("price");
        Instant tsExec = r.timestamp("ts_exec", timestamps);
        String message = r.message("message", SignalRules.MAX_TEXT_LENGTH);
        r.failOnErrors("The ack is invalid");
        return new AckInput(id, accountId, status, ticket, price, tsExec, message);
    }
}
