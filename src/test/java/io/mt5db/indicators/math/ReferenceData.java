package io.mt5db.indicators.math;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loads src/test/resources/reference/*.csv with plain string splitting. */
public final class ReferenceData {
    public static final String[] COLUMNS = {
            "rsi", "macd", "macd_signal", "macd_hist", "atr", "bb_upper", "bb_middle", "bb_lower"};

    public record Series(String symbol, List<String> timestamps, List<Bar> bars) {
        public double meanClose() {
            return bars.stream().mapToDouble(Bar::close).average().orElseThrow();
        }
    }

    /** One reference row: timestamp and the 8 columns in {@link #COLUMNS} order, null for an empty cell. */
    public record Row(String ts, Double[] values) {
    }

    private ReferenceData() {
    }

    /** The raw fields of sample_candles_m1.csv: symbol,timeframe,ts,open,high,low,close,volume,spread. */
    public static List<String[]> candleRows() {
        return read("sample_candles_m1.csv", "symbol,timeframe,ts,open,high,low,close,volume,spread");
    }

    public static Map<String, Series> candles() {
        Map<String, List<String>> ts = new LinkedHashMap<>();
        Map<String, List<Bar>> bars = new LinkedHashMap<>();
        for (String[] f : candleRows()) {
            ts.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[2]);
            bars.computeIfAbsent(f[0], k -> new ArrayList<>())
                    .add(new Bar(Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6])));
        }
        Map<String, Series> out = new LinkedHashMap<>();
        ts.forEach((symbol, list) -> out.put(symbol, new Series(symbol, list, bars.get(symbol))));
        return out;
    }

    public static Map<String, List<Row>> indicators(IndicatorConvention convention) {
        String file = convention == IndicatorConvention.TALIB ? "indicators_talib.csv" : "indicators_mt5.csv";
        Map<String, List<Row>> out = new LinkedHashMap<>();
        for (String[] f : read(file, "symbol,timeframe,ts," + String.join(",", COLUMNS))) {
            Double[] values = new Double[COLUMNS.length];
            for (int c = 0; c < COLUMNS.length; c++) {
                String cell = f[3 + c].trim();
                values[c] = cell.isEmpty() ? null : Double.valueOf(cell);
            }
            out.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Row(f[2], values));
        }
        return out;
    }

    public static Double column(IndicatorValues v, int column) {
        return switch (column) {
            case 0 -> v.rsi();
            case 1 -> v.macd();
            case 2 -> v.macdSignal();
            case 3 -> v.macdHist();
            case 4 -> v.atr();
            case 5 -> v.bbUpper();
            case 6 -> v.bbMiddle();
            case 7 -> v.bbLower();
            default -> throw new IllegalArgumentException("column " + column);
        };
    }

    private static List<String[]> read(String name, String expectedHeader) {
        String path = "/reference/" + name;
        try (InputStream in = ReferenceData.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String header = reader.readLine();
            if (!expectedHeader.equals(header)) {
                throw new IllegalStateException(path + ": unexpected header " + header);
            }
            int width = expectedHeader.split(",").length;
            List<String[]> rows = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (fields.length != width) {
                    throw new IllegalStateException(path + ": expected " + width + " fields in " + line);
                }
                rows.add(fields);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
