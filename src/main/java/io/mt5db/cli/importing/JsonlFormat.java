package io.mt5db.cli.importing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * The old EAs' spool files ({@code .jsonl}): one JSON document per line, each what the EA failed to
 * post — a candle object (the {@code /ingest} fields), a tick object ({@code ts_msc}, or bid and ask
 * without open), a bare array of either (an {@code /ingest_batch} body), {@code {"items":[...]}} or
 * {@code {"ticks":[...]}}. A trailing NUL (MQL5's {@code StringToCharArray}) is dropped. Items missing
 * symbol or timeframe take the command's {@code --symbol}/{@code --timeframe}; timestamps are read
 * exactly as the HTTP ingest reads them, in the broker offset when they carry none.
 */
public final class JsonlFormat implements LineFormat {

    private final String symbol;
    private final String timeframe;
    private final ObjectMapper mapper = new ObjectMapper();

    public JsonlFormat(String symbol, String timeframe) {
        this.symbol = symbol;
        this.timeframe = timeframe;
    }

    @Override
    public boolean header(String line) {
        return false;
    }

    @Override
    public void parse(String line, long lineNumber, Consumer<ImportRecord> out) throws LineException {
        String text = line.replace("\u0000", "").trim();
        if (text.isEmpty()) {
            return;
        }
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new LineException(null, "not a JSON document: " + e.getOriginalMessage());
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                emit(element, null, lineNumber, out);
            }
        } else if (node.isObject() && node.path("ticks").isArray()) {
            for (JsonNode element : node.get("ticks")) {
                emit(element, true, lineNumber, out);
            }
        } else if (node.isObject() && node.path("items").isArray()) {
            for (JsonNode element : node.get("items")) {
                emit(element, false, lineNumber, out);
            }
        } else if (node.isObject()) {
            emit(node, null, lineNumber, out);
        } else {
            throw new LineException(null, "expected a JSON object or array, found " + node.getNodeType());
        }
    }

    private void emit(JsonNode element, Boolean tick, long lineNumber, Consumer<ImportRecord> out) throws LineException {
        if (!element.isObject()) {
            throw new LineException(null, "each candle or tick must be a JSON object");
        }
        ObjectNode item = (ObjectNode) element;
        boolean isTick = tick != null ? tick
                : item.has("ts_msc") || (item.has("bid") && item.has("ask") && !item.has("open"));
        if (!item.hasNonNull("symbol") && symbol != null) {
            item.put("symbol", symbol);
        }
        if (!isTick && !item.hasNonNull("timeframe") && timeframe != null) {
            item.put("timeframe", timeframe);
        }
        out.accept(new ImportRecord(lineNumber, isTick, item));
    }
}
