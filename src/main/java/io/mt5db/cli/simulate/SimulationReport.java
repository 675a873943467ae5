package io.mt5db.cli.simulate;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What the simulated EA did and saw; printed at the end and answered to tests. */
public final class SimulationReport {

    public long candlesSent;
    public long ticksSent;
    public long ingestRequests;
    public long skippedBeforeCursor;
    public long inserted;
    public long updated;
    public long duplicates;
    public long rejected;
    public long unreadableLines;
    public long failedRequests;
    public String cursor;
    public boolean symbolMetadataSent;
    public long polls;
    public long signalsSeen;
    public long redeliveriesIgnored;
    public final Map<String, Long> acks = new TreeMap<>();
    public long ackConflicts;
    public long tradesPosted;
    public long tradesDuplicate;
    public int retriesHonoured;
    public Map<Integer, Integer> httpStatuses = new TreeMap<>();
    public final Map<String, Long> signalsPerAccount = new LinkedHashMap<>();

    /** Nothing rejected and no request failed. */
    public boolean clean() {
        return rejected == 0 && failedRequests == 0 && unreadableLines == 0;
    }

    public String render() {
        StringBuilder out = new StringBuilder("simulate: report\n");
        out.append(String.format(Locale.ROOT, "  cursor at start: %s; symbol metadata sent: %s%n", cursor == null ? "none" : cursor,
                symbolMetadataSent ? "yes" : "no"));
        out.append(String.format(Locale.ROOT, "  sent %,d candles and %,d ticks in %,d requests (%,d already stored, skipped)%n",
                candlesSent, ticksSent, ingestRequests, skippedBeforeCursor));
        out.append(String.format(Locale.ROOT, "  server said: inserted %,d  updated %,d  duplicate %,d  rejected %,d%n",
                inserted, updated, duplicates, rejected));
        out.append(String.format(Locale.ROOT, "  unreadable lines %,d; failed requests %,d; 429/503 waits honoured %d%n",
                unreadableLines, failedRequests, retriesHonoured));
        out.append(String.format(Locale.ROOT, "  polls %,d; signals seen %,d (per account %s); redeliveries ignored %,d%n",
                polls, signalsSeen, signalsPerAccount, redeliveriesIgnored));
        out.append(String.format(Locale.ROOT, "  acks %s; ack conflicts %d; trades posted %,d (%,d duplicate)%n", acks,
                ackConflicts, tradesPosted, tradesDuplicate));
        out.append("  HTTP statuses ").append(httpStatuses).append('\n');
        return out.toString();
    }
}
