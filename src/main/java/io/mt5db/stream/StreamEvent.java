package io.mt5db.stream;

/**
 * One event as it goes to clients: its resume id, SSE event name and one-line JSON data, with what
 * the filters look at. Built once and shared by every client's queue.
 */
public record StreamEvent(long id, String type, String symbol, String timeframe, String accountId,
        String deliveryAccountId, String data) {

    public static final String CANDLE = "candle";
    public static final String SIGNAL = "signal";
    public static final String MODEL = "model";
    public static final String HEARTBEAT = "heartbeat";
    public static final String RESET = "reset";
    public static final String DROPPED = "dropped";

    /** The data types a client may subscribe to with {@code types}. */
    public static final java.util.List<String> SUBSCRIBABLE = java.util.List.of(CANDLE, SIGNAL, MODEL);

    /** A control event (heartbeat, reset, dropped): no filter applies. */
    public static StreamEvent control(long id, String type, String data) {
        return new StreamEvent(id, type, null, null, null, null, data);
    }
}
