package io.mt5db.stream;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connected client: its filter, bounded queue and SSE sink. Events are written one at a time,
 * the next when the socket took the previous one, so a client that does not read fills only its own
 * bounded queue and is then dropped.
 */
final class StreamClient {

    /** What the client tells the hub about its life. */
    interface Events {
        void sent(StreamEvent event);

        void dropped(StreamClient client);

        void closed(StreamClient client);
    }

    final StreamFilter filter;
    final ClientQueue queue;
    private final SseEventSink sink;
    private final Sse sse;
    private final Runnable abortConnection;
    private final Events events;
    private final AtomicBoolean closed = new AtomicBoolean();

    // Owned by the hub's lock once live; by the resuming request thread before.
    long position;
    boolean live;

    StreamClient(StreamFilter filter, int capacity, long startId, SseEventSink sink, Sse sse, Runnable abortConnection,
            Events events) {
        this.filter = filter;
        this.queue = new ClientQueue(capacity, startId);
        this.position = startId;
        this.sink = sink;
        this.sse = sse;
        this.abortConnection = abortConnection;
        this.events = events;
    }

    /** Queues an event the client subscribed to (callers check the filter); answers false once dropped or closed. */
    boolean offer(StreamEvent event) {
        if (closed.get()) {
            return false;
        }
        ClientQueue.Offer offer = queue.offer(event, this::droppedEvent);
        if (offer == ClientQueue.Offer.DROPPED) {
            events.dropped(this);
        }
        pump();
        return offer == ClientQueue.Offer.QUEUED;
    }

    /** Drops the client because it fell behind: its final event goes out if it reads, then it is disconnected. */
    void drop() {
        if (closed.get() || queue.isClosing()) {
            return;
        }
        queue.drop(this::droppedEvent);
        events.dropped(this);
        pump();
    }

    private StreamEvent droppedEvent(long lastId) {
        return StreamEvent.control(lastId, StreamEvent.DROPPED, "{\"reason\":\"client too slow: its "
                + queue.capacity() + " queued events were not read in time\",\"last_id\":" + lastId + "}");
    }

    private void pump() {
        StreamEvent next = queue.takeNext();
        if (next == null) {
            return;
        }
        if (sink.isClosed()) {
            close();
            return;
        }
        OutboundSseEvent out = sse.newEventBuilder().id(Long.toString(next.id())).name(next.type()).data(next.data())
                .build();
        try {
            sink.send(out).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    close();
                    return;
                }
                events.sent(next);
                if (queue.written(next)) {
                    // the final event of a dropped client is out: disconnect it
                    abort();
                } else {
                    pump();
                }
            });
        } catch (RuntimeException e) {
            close();
        }
    }

    boolean isClosed() {
        return closed.get() || sink.isClosed();
    }

    /** Closes the stream (the queue is discarded). */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        queue.close();
        try {
            sink.close();
        } catch (RuntimeException ignored) {
            // already gone
        }
        events.closed(this);
    }

    /** Closes the connection itself, whatever is still unwritten (a client that never reads). */
    void abort() {
        try {
            abortConnection.run();
        } catch (RuntimeException ignored) {
            // already gone
        }
        close();
    }
}
