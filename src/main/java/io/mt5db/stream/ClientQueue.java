package io.mt5db.stream;

import java.util.ArrayDeque;
import java.util.function.LongFunction;

/**
 * The bounded queue of one client, with one event in flight to the socket at a time: events past
 * the bound are not buffered, the client is dropped instead (its queue is replaced by the final
 * {@code dropped} event). Plain logic, no I/O: {@link StreamClient} does the writing.
 */
final class ClientQueue {

    enum Offer { QUEUED, DROPPED, CLOSED }

    private final int capacity;
    private final ArrayDeque<StreamEvent> waiting = new ArrayDeque<>();
    private boolean inFlight;
    private boolean closing;
    // Events go out in id order, so everything up to the last written id has been written.
    private long lastWrittenId;

    ClientQueue(int capacity, long startId) {
        this.capacity = capacity;
        this.lastWrittenId = startId;
    }

    /**
     * Queues an event; past the bound the queue is cleared and only the event {@code dropped} makes
     * of the last written id stays, to be written before the connection is closed.
     */
    synchronized Offer offer(StreamEvent event, LongFunction<StreamEvent> dropped) {
        if (closing) {
            return Offer.CLOSED;
        }
        if (waiting.size() >= capacity) {
            waiting.clear();
            waiting.add(dropped.apply(lastWrittenId));
            closing = true;
            return Offer.DROPPED;
        }
        waiting.add(event);
        return Offer.QUEUED;
    }

    /** Whether {@code n} more events fit (a resuming client waits for room instead of being dropped). */
    synchronized boolean hasRoom(int n) {
        return !closing && waiting.size() + n <= capacity;
    }

    int capacity() {
        return capacity;
    }

    synchronized int size() {
        return waiting.size();
    }

    /** The next event to write, or null when one is in flight already or none waits. */
    synchronized StreamEvent takeNext() {
        if (inFlight || waiting.isEmpty()) {
            return null;
        }
        inFlight = true;
        return waiting.poll();
    }

    /** The event in flight was written; answers whether the queue is now drained and closing. */
    synchronized boolean written(StreamEvent event) {
        inFlight = false;
        lastWrittenId = Math.max(lastWrittenId, event.id());
        return closing && waiting.isEmpty();
    }

    synchronized long lastWrittenId() {
        return lastWrittenId;
    }

    synchronized boolean isClosing() {
        return closing;
    }

    /** Stops queueing; what waits is discarded. */
    synchronized void close() {
        closing = true;
        waiting.clear();
    }
}
