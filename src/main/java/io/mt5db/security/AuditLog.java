package io.mt5db.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Writes admin actions to the audit_log table. */
@ApplicationScoped
public class AuditLog {

    @Transactional(Transactional.TxType.REQUIRED)
    public void record(Caller actor, String action, String target, String detail) {
        AuditEntry entry = new AuditEntry();
        entry.at = Instant.now();
        entry.actorKeyId = actor == null ? null : actor.keyId();
        entry.actorName = actor == null ? "system" : actor.name();
        entry.action = action;
        entry.target = target;
        entry.detail = detail;
        entry.persist();
    }
}
