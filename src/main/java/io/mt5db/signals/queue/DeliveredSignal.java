package io.mt5db.signals.queue;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** An item of {@code /signals/next}: the signal and which delivery of it this is (1 first, more after a lease ran out). */
public record DeliveredSignal(@JsonUnwrapped Signal signal, int deliveryAttempt) {
}
