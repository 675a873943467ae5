package io.mt5db.cli.importing;

/** Told after every committed batch; the command draws a bar or prints lines. */
public interface ImportProgress {

    /**
     * @param bytesRead bytes of the file consumed so far
     * @param size the file's size
     * @param rows rows sent in this run so far
     */
    void batchCommitted(long bytesRead, long size, long rows, long rejected);

    /** Called once at the end (also after a stop), before the summary is printed. */
    default void finished() {
    }

    ImportProgress NONE = (bytesRead, size, rows, rejected) -> { };
}
