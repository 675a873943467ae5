package io.mt5db.cli.importing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * MT5's bar export (History Center / "Bars" export):
 * {@code <DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>}, dates
 * {@code 2025.10.20}, times in broker time. D1 and longer exports have no {@code <TIME>} column.
 * {@code <TICKVOL>} is the candle's volume (a tick count), {@code <VOL>} its real volume and
 * {@code <SPREAD>} is in points: it is sent as {@code spread_points}, which ingest converts with
 * the symbol's point (its metadata, else the digits of its prices). Without a header the columns
 * are taken in that order.
 */
public final class Mt5BarFormat implements LineFormat {

    private final String symbol;
    private final String timeframe;
    private final BrokerClock clock;
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    private char separator = '\t';
    private int date = 0;
    private int time = 1;
    private int open = 2;
    private int high = 3;
    private int low = 4;
    private int close = 5;
    private int tickVolume = 6;
    private int realVolume = 7;
    private int spread = 8;
    private int columns = 9;

    private final boolean pointKnown;

    /** A reader that sends {@code <SPREAD>} as points for the ingest to convert with the symbol's metadata. */
    public Mt5BarFormat(String symbol, String timeframe, BrokerClock clock) {
        this(symbol, timeframe, clock, true);
    }

    /**
     * @param pointKnown whether the symbol's point or digits are set (symbols metadata); when not, the
     *        spread is converted here with the digits of the row's price text: MT5 pads prices to the
     *        symbol's digits ({@code 1.08550}), which the parsed number ({@code 1.0855}) no longer shows,
     *        so the ingest's inference from numbers would take 4 digits and make the spread 10× too wide
     */
    public Mt5BarFormat(String symbol, String timeframe, BrokerClock clock, boolean pointKnown) {
        this.symbol = symbol;
        this.timeframe = timeframe;
        this.clock = clock;
        this.pointKnown = pointKnown;
    }

    @Override
    public boolean header(String line) throws LineException {
        separator = Cells.separatorOf(line);
        if (!line.trim().startsWith("<")) {
            if (LocalStamps.looksLikeDate(line) && Cells.split(line, separator).size() == 8) {
                time = -1; // a D1 export without <TIME>: every column moves one left
                open = 1; high = 2; low = 3; close = 4; tickVolume = 5; realVolume = 6; spread = 7; columns = 8;
            }
            return false;
        }
        List<String> names = Cells.split(line, separator);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(Cells.name(names.get(i)), i);
        }
        for (String required : List.of("date", "open", "high", "low", "close")) {
            if (!index.containsKey(required)) {
                throw new LineException("<" + required.toUpperCase() + ">", "the header has no <"
                        + required.toUpperCase() + "> column (expected <DATE> <TIME> <OPEN> <HIGH> <LOW> <CLOSE> <TICKVOL> <VOL> <SPREAD>)");
            }
        }
        date = index.get("date");
        time = index.getOrDefault("time", -1);
        open = index.get("open");
        high = index.get("high");
        low = index.get("low");
        close = index.get("close");
        tickVolume = index.getOrDefault("tickvol", -1);
        realVolume = index.getOrDefault("vol", -1);
        spread = index.getOrDefault("spread", -1);
        columns = names.size();
        return true;
    }

    @Override
    public void parse(String line, long lineNumber, Consumer<ImportRecord> out) throws LineException {
        List<String> cells = Cells.split(line, separator);
        if (cells.size() < columns) {
            throw new LineException(null, "expected " + columns + " columns separated by "
                    + (separator == '\t' ? "tabs" : "'" + separator + "'") + ", found " + cells.size());
        }
        LocalTime clockTime = time < 0 ? LocalTime.MIDNIGHT : LocalStamps.time(cells.get(time), "<TIME>");
        LocalDateTime local = LocalDateTime.of(LocalStamps.date(cells.get(date), "<DATE>"), clockTime);
        ObjectNode item = json.objectNode();
        item.put("symbol", symbol);
        item.put("timeframe", timeframe);
        item.put("ts", IsoStamps.format(clock.toInstant(local)));
        item.put("open", cells.get(open));
        item.put("high", cells.get(high));
        item.put("low", cells.get(low));
        item.put("close", cells.get(close));
        putIfPresent(item, "volume", Cells.cell(cells, tickVolume));
        putIfPresent(item, "real_volume", Cells.cell(cells, realVolume));
        String points = Cells.cell(cells, spread);
        if (pointKnown || points.isEmpty()) {
            putIfPresent(item, "spread_points", points);
        } else {
            item.set("spread", spreadFromText(points, cells.get(open), cells.get(high), cells.get(low), cells.get(close)));
        }
        out.accept(new ImportRecord(lineNumber, false, item));
    }

    private static final double[] POWERS = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10};

    /**
     * Points times 10^-digits, the digits read from the prices' text. The division by an exact power
     * of ten is correctly rounded, so it gives the double that the decimal text would parse to.
     * Unreadable cells are left to the ingest, which rejects them naming the field.
     */
    static com.fasterxml.jackson.databind.JsonNode spreadFromText(String points, String... prices) {
        int digits = 0;
        for (String p : prices) {
            int dot = p.indexOf('.');
            if (dot >= 0) {
                digits = Math.max(digits, Math.min(10, p.length() - dot - 1));
            }
        }
        try {
            return JsonNodeFactory.instance.numberNode(Long.parseLong(points.trim()) / POWERS[digits]);
        } catch (NumberFormatException notWhole) {
            try {
                double value = Double.parseDouble(points.trim());
                if (Double.isFinite(value)) {
                    return JsonNodeFactory.instance.numberNode(value / POWERS[digits]);
                }
            } catch (NumberFormatException ignored) {
                // below
            }
            return JsonNodeFactory.instance.textNode(points + " (spread points)");
        }
    }

    static void putIfPresent(ObjectNode item, String field, String value) {
        if (!value.isEmpty()) {
            item.put(field, value);
        }
    }
}
