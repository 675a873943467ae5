package io.mt5db.cli.importing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mt5db.common.TextRules;
import java.util.List;
import java.util.function.Consumer;

/**
 * This product's own CSV: what {@code GET /candles?format=csv} writes
 * ({@code symbol,timeframe,ts,open,high,low,close,volume,spread,source} and, with indicators, their
 * columns, which are ignored: the server computes its own) or {@code GET /ticks?format=csv}
 * ({@code symbol,ts,bid,ask,last,volume,flags}). Columns are found by name; a missing or empty
 * symbol or timeframe cell takes the command's {@code --symbol}/{@code --timeframe}. The ts cells
 * carry their offset ({@code Z}), so the broker offset only applies to cells without one.
 */
public final class ProductCsvFormat implements LineFormat {

    private static final List<String> CANDLE_FIELDS = List.of("ts", "open", "high", "low", "close", "volume", "spread",
            "spread_points", "bid", "ask", "real_volume");
    private static final List<String> TICK_FIELDS = List.of("ts", "ts_msc", "bid", "ask", "last", "volume");

    private final String symbol;
    private final String timeframe;
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    private char separator = ',';
    private List<String> names;
    private boolean ticks;

    public ProductCsvFormat(String symbol, String timeframe) {
        this.symbol = symbol;
        this.timeframe = timeframe;
    }

    @Override
    public boolean header(String line) throws LineException {
        separator = Cells.separatorOf(line);
        names = Cells.split(line, separator).stream().map(Cells::name).toList();
        if (!names.contains("ts") && !names.contains("ts_msc")) {
            throw new LineException("ts", "the header has no ts column (expected the header of GET /candles?format=csv:"
                    + " symbol,timeframe,ts,open,high,low,close,volume,spread,source)");
        }
        ticks = !names.contains("open") && names.contains("bid") && names.contains("ask");
        return true;
    }

    @Override
    public void parse(String line, long lineNumber, Consumer<ImportRecord> out) throws LineException {
        List<String> cells = Cells.split(line, separator);
        if (cells.size() < names.size()) {
            throw new LineException(null, "expected " + names.size() + " columns as in the header, found " + cells.size());
        }
        ObjectNode item = json.objectNode();
        String sym = Cells.cell(cells, names.indexOf("symbol"));
        item.put("symbol", sym.isEmpty() ? symbol : sym);
        if (!ticks) {
            String tf = Cells.cell(cells, names.indexOf("timeframe"));
            item.put("timeframe", tf.isEmpty() ? timeframe : tf);
        }
        for (String field : ticks ? TICK_FIELDS : CANDLE_FIELDS) {
            Mt5BarFormat.putIfPresent(item, field, Cells.cell(cells, names.indexOf(field)));
        }
        if (ticks) {
            String flags = Cells.cell(cells, names.indexOf("flags"));
            if (!flags.isEmpty()) {
                try {
                    item.put("flags", Integer.parseInt(flags));
                } catch (NumberFormatException e) {
                    throw new LineException("flags", "flags '" + TextRules.abbreviate(flags, 64) + "' is not a non-negative integer");
                }
            }
        }
        out.accept(new ImportRecord(lineNumber, ticks, item));
    }
}
