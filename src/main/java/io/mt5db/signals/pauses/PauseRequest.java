package io.mt5db.signals.pauses;

import com.fasterxml.jackson.databind.JsonNode;
import io.mt5db.common.JsonFieldReader;
import io.mt5db.signals.SignalRules;

/** A PUT /trading/pause body: which scope (account, symbol, both or neither) and whether it is paused. */
record PauseRequest(String accountId, String symbol, boolean paused, String reason) {

    /** Reads the body, or 422 naming every bad field. */
    static PauseRequest parse(JsonNode body) {
        JsonFieldReader r = JsonFieldReader.ofBody(body, "a pause object {account_id?, symbol?, paused, reason?}");
        r.require("paused");
        JsonNode paused = r.raw("paused");
        if (paused != null && !paused.isBoolean()) {
            r.error("paused", "paused must be true or false");
        }
        String accountId = r.text("account_id", SignalRules.MAX_ACCOUNT_ID_LENGTH);
        String symbol = r.text("symbol", 64);
        if (symbol != null && SignalRules.symbolError(symbol) != null) {
            r.error("symbol", SignalRules.symbolError(symbol));
        }
        String reason = r.message("reason", SignalRules.MAX_TEXT_LENGTH);
        r.failOnErrors("The pause request is invalid");
        return new PauseRequest(accountId, symbol, paused.booleanValue(), reason);
    }
}
