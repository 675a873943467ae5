package io.mt5db.stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The live stream (GET /stream, docs/stream.md). */
@ConfigMapping(prefix = "mt5db.stream")
public interface StreamConfig {

    /** Serve /stream and run its shared reader on this process (only where the API is served). */
    @WithDefault("true")
    boolean enabled();

    /** How often the shared reader numbers pending events and reads new ones (the stream's added latency). */
    @WithDefault("PT0.2S")
    Duration pollInterval();

    /** A heartbeat event goes to every client this often. */
    @WithDefault("PT15S")
    Duration heartbeatInterval();

    /** Events are kept this long: a client resumes by Last-Event-ID without gaps within this window. */
    @WithDefault("PT1H")
    Duration retention();

    /**
     * Events one client may have waiting to be written (at least twice read-batch): the reader reads
     * on once every client has room for a batch; a client that makes none within the drop grace is
     * dropped. The events are shared by all clients, so a full queue costs a client only references.
     */
    @WithDefault("2000")
    int clientQueueEvents();

    /**
     * How long a client may leave its full queue unread before it is dropped, and how long a dropped
     * client's final event may take to go out before its connection is closed.
     */
    @WithDefault("PT2S")
    Duration dropGrace();

    /** Events read per database round trip (shared reader and resume). */
    @WithDefault("500")
    int readBatch();

    /** Pending writer rows numbered per sequencer transaction. */
    @WithDefault("500")
    int sequenceBatch();

    /** Most clients connected to this process at once; more get 503. */
    @WithDefault("2000")
    int maxClients();
}
