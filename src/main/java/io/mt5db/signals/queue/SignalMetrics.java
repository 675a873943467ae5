package io.mt5db.signals.queue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * signals_created_total, signals_delivered_total, signals_redelivered_total, signals_acked_total{status},
 * signals_expired_total and signal_delivery_latency_seconds (created to first delivery, per account).
 * Registered at start-up so that dashboards see zeros rather than missing series.
 */
@ApplicationScoped
public class SignalMetrics {

    private final Counter created;
    private final Counter delivered;
    private final Counter redelivered;
    private final Counter expired;
    private final Map<DeliveryStatus, Counter> acked = new EnumMap<>(DeliveryStatus.class);
    private final Timer deliveryLatency;

    @Inject
    public SignalMetrics(MeterRegistry registry) {
        created = Counter.builder("signals.created").description("Signals enqueued").register(registry);
        delivered = Counter.builder("signals.delivered")
                .description("Deliveries handed to a poller (first deliveries and redeliveries)").register(registry);
        redelivered = Counter.builder("signals.redelivered")
                .description("Deliveries repeated because the lease ran out without an ack").register(registry);
        expired = Counter.builder("signals.expired").description("Signals that expired (marked by the sweep)")
                .register(registry);
        for (DeliveryStatus status : DeliveryStatus.ACK_STATUSES) {
            acked.put(status, Counter.builder("signals.acked").description("Acks recorded (repeats not counted)")
                    .tag("status", status.name()).register(registry));
        }
        deliveryLatency = Timer.builder("signal.delivery.latency")
                .description("From a signal's creation to its first delivery to an account")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1)).register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        // Observing start-up instantiates the bean, which registers the meters.
    }

    void created() {
        created.increment();
    }

    void delivered(DeliveredSignal item, Duration sinceCreation) {
        delivered.increment();
        if (item.deliveryAttempt() == 1) {
            deliveryLatency.record(sinceCreation.isNegative() ? Duration.ZERO : sinceCreation);
        } else {
            redelivered.increment();
        }
    }

    void acked(DeliveryStatus status) {
        acked.get(status).increment();
    }

    public void expired(long count) {
        expired.increment(count);
    }
}
