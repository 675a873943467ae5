package io.mt5db.cli.importing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mt5db.common.TextRules;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * MT5's tick export: {@code <DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>}, times with
 * milliseconds in broker time. MT5 writes only what changed in a tick: an empty {@code <BID>} or
 * {@code <ASK>} means "unchanged", so the last value seen earlier in the file is carried forward (a
 * line before any bid or ask is known is reported, not guessed). Empty {@code <LAST>} and
 * {@code <VOLUME>} are absent (null), not carried: they describe that tick's deal only.
 */
public final class Mt5TickFormat implements LineFormat {

    private final String symbol;
    private final BrokerClock clock;
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    private char separator = '\t';
    private int date = 0;
    private int time = 1;
    private int bid = 2;
    private int ask = 3;
    private int last = 4;
    private int volume = 5;
    private int flags = 6;
    private String lastBid;
    private String lastAsk;

    public Mt5TickFormat(String symbol, BrokerClock clock) {
        this.symbol = symbol;
        this.clock = clock;
    }

    @Override
    public boolean header(String line) throws LineException {
        separator = Cells.separatorOf(line);
        if (!line.trim().startsWith("<")) {
            return false;
        }
        List<String> names = Cells.split(line, separator);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(Cells.name(names.get(i)), i);
        }
        for (String required : List.of("date", "time", "bid", "ask")) {
            if (!index.containsKey(required)) {
                throw new LineException("<" + required.toUpperCase() + ">", "the header has no <" + required.toUpperCase()
                        + "> column (expected <DATE> <TIME> <BID> <ASK> <LAST> <VOLUME> <FLAGS>)");
            }
        }
        date = index.get("date");
        time = index.get("time");
        bid = index.get("bid");
        ask = index.get("ask");
        last = index.getOrDefault("last", -1);
        volume = index.getOrDefault("volume", -1);
        flags = index.getOrDefault("flags", -1);
        return true;
    }

    @Override
    public void parse(String line, long lineNumber, Consumer<ImportRecord> out) throws LineException {
        List<String> cells = Cells.split(line, separator);
        if (cells.size() <= Math.max(date, Math.max(time, Math.max(bid, ask)))) {
            throw new LineException(null, "expected the columns <DATE> <TIME> <BID> <ASK> ..., found " + cells.size()
                    + " cell(s)");
        }
        LocalDateTime local = LocalDateTime.of(LocalStamps.date(cells.get(date), "<DATE>"),
                LocalStamps.time(cells.get(time), "<TIME>"));
        String bidText = cells.get(bid);
        String askText = cells.get(ask);
        // Read the clock even for a line that fails below, so that the DST disambiguation sees every row.
        String ts = IsoStamps.format(clock.toInstant(local));
        if (!bidText.isEmpty()) {
            lastBid = bidText;
        }
        if (!askText.isEmpty()) {
            lastAsk = askText;
        }
        if (lastBid == null || lastAsk == null) {
            String field = lastBid == null ? "<BID>" : "<ASK>";
            throw new LineException(field, field + " is empty (unchanged) and no earlier tick of the file gave one");
        }
        ObjectNode item = json.objectNode();
        item.put("symbol", symbol);
        item.put("ts", ts);
        item.put("bid", lastBid);
        item.put("ask", lastAsk);
        Mt5BarFormat.putIfPresent(item, "last", Cells.cell(cells, last));
        Mt5BarFormat.putIfPresent(item, "volume", Cells.cell(cells, volume));
        String flagText = Cells.cell(cells, flags);
        if (!flagText.isEmpty()) {
            try {
                item.put("flags", Integer.parseInt(flagText));
            } catch (NumberFormatException e) {
                throw new LineException("<FLAGS>", "<FLAGS> '" + TextRules.abbreviate(flagText, 64)
                        + "' is not a non-negative integer");
            }
        }
        out.accept(new ImportRecord(lineNumber, true, item));
    }
}
