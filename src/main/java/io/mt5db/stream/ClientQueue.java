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
    // Events go out in id order: everything up to the last id handed to the socket goes out before
    // a final dropped event queued after it.
    private long lastHandedId;
    private long lastProgressNanos = System.nanoTime();

    ClientQueue(int capacity, long startId) {
        this.capacity = capacity;
        this.lastHandedId = startId;
    }

    /**
     * Queues an event; past the bound the client is dropped ({@link #drop}).
     */
    synchronized Offer offer(StreamEvent event, LongFunction<StreamEvent> dropped) {
        if (closing) {
            return Offer.CLOSED;
        }
        if (waiting.size() >= capacity) {
            drop(dropped);
            return Offer.DROPPED;
        }
        waiting.add(event);
        return Offer.QUEUED;
    }

    /**
     * Drops the client: what waits is discarded and only the event {@code dropped} makes of the last
     * id handed to the socket stays, to be written before the connection is closed.
     */
    synchronized void drop(LongFunction<StreamEvent> dropped) {
        if (closing) {
            return;
        }
        waiting.clear();
        waiting.add(dropped.apply(lastHandedId));
        closing = true;
    }

    /** When an event was last written to this client (System.nanoTime), or when it connected. */
    synchronized long lastProgressNanos() {
        return lastProgressNanos;
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
        StreamEvent next = waiting.poll();
        lastHandedId = Math.max(lastHandedId, next.id());
        return next;
    }

    /** The event in flight was written; answers whether the queue is now drained and closing. */
    synchronized boolean written(StreamEvent event) {
        inFlight = false;
        lastProgressNanos = System.nanoTime();
        return closing && waiting.isEmpty();
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
