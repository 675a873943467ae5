package io.mt5db.signals.queue;

/** A signal's own life: deliverable while ACTIVE; CANCELLED by an admin; EXPIRED past its expires_at. */
public enum SignalStatus {
    ACTIVE, CANCELLED, EXPIRED
}
