package io.mt5db.aggregation;

/**
 * Where a claimed chunk of queue marks ends. Marks arrive in key order, each covering a run of
 * units (buckets or slices); several marks of one key are normal, and a key covers as many units as
 * its longest run. The chunk takes whole keys until they cover {@code limit} units.
 *
 * @param <K> the queue's key, compared with {@code equals}
 */
final class ChunkEnd<K> {

    private final long limit;
    private long covered;
    private K openKey;
    private int openKeyUnits;
    private K lastClosedKey;

    ChunkEnd(long limit) {
        this.limit = limit;
    }

    /** Takes the next mark in key order; false when the chunk was already full before its key. */
    boolean offer(K key, int units) {
        if (openKey != null && !openKey.equals(key)) {
            covered += openKeyUnits;
            lastClosedKey = openKey;
            openKey = null;
            if (covered >= limit) {
                return false;
            }
            openKeyUnits = 0;
        }
        openKey = key;
        openKeyUnits = Math.max(openKeyUnits, units);
        return true;
    }

    /** The chunk's last key (every mark up to it belongs to the chunk), or null when no mark was offered. */
    K lastKey() {
        return openKey != null ? openKey : lastClosedKey;
    }
}
