package io.mt5db.cli.importing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The old system's {@code Date,Time} CSV (its {@code dados_historicos.csv} and {@code import_csv.py}
 * input, the MT4/MT5 "Date,Time,Open,High,Low,Close,Volume" history layout):
 * {@code Date,Time,Open,High,Low,Close,Volume[,Spread]}, with or without that header, dates
 * {@code 2025.10.20} (or {@code 2025-10-20}), times {@code 05:00[:ss]} in broker time; a single
 * {@code Date} cell may hold both. Volume may be named {@code Volume}, {@code TickVol} or
 * {@code Tick_Volume}; Spread, as the old EAs sent it, is in points (converted with the symbol's point).
 */
public final class OldCsvFormat implements LineFormat {

    private final String symbol;
    private final String timeframe;
    private final BrokerClock clock;
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    private char separator = ',';
    private int date = 0;
    private int time = 1;
    private int open = 2;
    private int high = 3;
    private int low = 4;
    private int close = 5;
    private int volume = 6;
    private int spread = 7;

    public OldCsvFormat(String symbol, String timeframe, BrokerClock clock) {
        this.symbol = symbol;
        this.timeframe = timeframe;
        this.clock = clock;
    }

    @Override
    public boolean header(String line) throws LineException {
        separator = Cells.separatorOf(line);
        List<String> cells = Cells.split(line, separator);
        if (LocalStamps.looksLikeDate(Cells.cell(cells, 0))) {
            if (cells.size() >= 2 && Cells.cell(cells, 0).length() > 10) {
                shiftForCombinedStamp();
            }
            return false;
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            index.put(Cells.name(cells.get(i)), i);
        }
        for (String required : List.of("date", "open", "high", "low", "close")) {
            if (!index.containsKey(required)) {
                throw new LineException(required, "the header has no " + required
                        + " column (expected Date,Time,Open,High,Low,Close,Volume[,Spread])");
            }
        }
        date = index.get("date");
        time = index.getOrDefault("time", -1);
        open = index.get("open");
        high = index.get("high");
        low = index.get("low");
        close = index.get("close");
        volume = first(index, "volume", "tickvol", "tick_volume", "tickvolume");
        spread = index.getOrDefault("spread", -1);
        return true;
    }

    private void shiftForCombinedStamp() {
        time = -1;
        open = 1; high = 2; low = 3; close = 4; volume = 5; spread = 6;
    }

    private static int first(Map<String, Integer> index, String... names) {
        for (String name : names) {
            if (index.containsKey(name)) {
                return index.get(name);
            }
        }
        return -1;
    }

    @Override
    public void parse(String line, long lineNumber, Consumer<ImportRecord> out) throws LineException {
        List<String> cells = Cells.split(line, separator);
        if (cells.size() <= close) {
            throw new LineException(null, "expected Date,Time,Open,High,Low,Close,Volume; found " + cells.size() + " cell(s)");
        }
        LocalDateTime local = time < 0 ? LocalStamps.dateTime(cells.get(date), "Date")
                : LocalDateTime.of(LocalStamps.date(cells.get(date), "Date"), LocalStamps.time(cells.get(time), "Time"));
        ObjectNode item = json.objectNode();
        item.put("symbol", symbol);
        item.put("timeframe", timeframe);
        item.put("ts", IsoStamps.format(clock.toInstant(local)));
        item.put("open", cells.get(open));
        item.put("high", cells.get(high));
        item.put("low", cells.get(low));
        item.put("close", cells.get(close));
        String vol = Cells.cell(cells, volume);
        if (!vol.isEmpty()) {
            // the old CSVs wrote tick volumes as decimals (NUMERIC(18,2)): 150.00 is the whole count 150
            item.put("volume", vol.endsWith(".00") ? vol.substring(0, vol.length() - 3) : vol);
        }
        Mt5BarFormat.putIfPresent(item, "spread_points", Cells.cell(cells, spread));
        out.accept(new ImportRecord(lineNumber, false, item));
    }
}
