package io.mt5db.signals.trades;

/** What happened to a position or order: opened, closed, modified (SL/TP), or the EA's free-form feedback. */
public enum TradeEventType {
    OPEN, CLOSE, MODIFY, FEEDBACK
}
