package io.mt5db.cli.importing;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * Turns the broker-time stamps of a chronological MT5 export into instants. With a fixed offset it
 * is plain arithmetic. With an IANA zone the autumn DST change repeats an hour of local time (in
 * Europe/Athens on 2025-10-26, 03:00-03:59 happens at +03:00 and again at +02:00): a local time in
 * that hour is read with the earlier offset unless that would put it before the previous row, which
 * means the export has already passed into the repeated hour, so the later offset applies. Both
 * passes of the hour are thus kept, in order, instead of the second overwriting the first. A local
 * time in the spring gap (which a broker clock never shows) is moved forward by the gap, as
 * {@link java.time.ZonedDateTime} does.
 */
public final class BrokerClock {

    private final ZoneId zone;
    private final ZoneOffset fixed;
    private final ZoneRules rules;
    private Instant previous;

    public BrokerClock(ZoneId zone) {
        this.zone = zone == null ? ZoneOffset.UTC : zone;
        this.rules = this.zone.getRules();
        this.fixed = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH) : null;
    }

    public ZoneId zone() {
        return zone;
    }

    public Instant toInstant(LocalDateTime local) {
        Instant instant;
        if (fixed != null) {
            instant = local.toInstant(fixed);
        } else {
            List<ZoneOffset> offsets = rules.getValidOffsets(local);
            if (offsets.size() == 1) {
                instant = local.toInstant(offsets.get(0));
            } else if (offsets.isEmpty()) {
                ZoneOffsetTransition gap = rules.getTransition(local);
                instant = local.plus(gap.getDuration()).toInstant(gap.getOffsetAfter());
            } else {
                Instant first = local.toInstant(offsets.get(0));
                instant = previous != null && first.isBefore(previous) ? local.toInstant(offsets.get(1)) : first;
            }
        }
        previous = instant;
        return instant;
    }
}
