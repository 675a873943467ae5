package io.mt5db.aggregation;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Test hook on the aggregator: records which worker (thread) aggregated which minute of the watched
 * symbols, and can make one chunk of a symbol fail like a crash before its commit.
 */
@ApplicationScoped
public class RecordingObserver implements TickAggregatorJob.Observer {

    public record Processed(String worker, String symbol, long minute) {
    }

    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final Queue<Processed> processed = new ConcurrentLinkedQueue<>();
    private final Set<String> crashOnce = ConcurrentHashMap.newKeySet();

    // Methods, not fields: the test holds a client proxy, whose own fields are not the bean's.
    public void watch(String symbol) {
        watched.add(symbol);
    }

    public void crashOnce(String symbol) {
        crashOnce.add(symbol);
    }

    public List<Processed> processed() {
        return List.copyOf(processed);
    }

    @Override
    public void minutesAggregated(String symbol, SortedSet<Long> minutes) {
        if (crashOnce.remove(symbol)) {
            throw new IllegalStateException("simulated crash before commit");
        }
        if (watched.contains(symbol)) {
            String worker = Thread.currentThread().getName();
            minutes.forEach(m -> processed.add(new Processed(worker, symbol, m)));
        }
    }
}
