package io.mt5db.cli.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Where an import of one file stands, kept next to it ({@code F.import-state}, a properties file)
 * after every committed batch: the last line whose rows are committed and the counts so far. It
 * names the file by size and the SHA-256 of its first KB, so a different file at the same path
 * starts from the beginning. Written to a temporary file and moved into place, so a kill leaves
 * either the old or the new checkpoint, never half of one. A batch committed just before a kill but
 * not yet checkpointed is sent again on resume: the upserts make that a duplicate, never a second row.
 */
public final class ImportCheckpoint {

    /** What is stored: the position and the running totals. */
    public record State(String fingerprint, long lastLine, long inserted, long updated, long duplicates, long rejected,
            List<String> firstRejected, boolean complete) {

        static State fresh(String fingerprint) {
            return new State(fingerprint, 0, 0, 0, 0, 0, List.of(), false);
        }
    }

    private final Path path;

    public ImportCheckpoint(Path path) {
        this.path = path;
    }

    public static Path sidecarOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".import-state");
    }

    public Path path() {
        return path;
    }

    /** The file's identity: its size and the hash of its first 1024 bytes. */
    public static String fingerprint(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(1024);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(head);
            return Files.size(file) + ":" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored state if it belongs to this fingerprint. */
    public Optional<State> load(String fingerprint) throws IOException {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(path)) {
            p.load(in);
        }
        if (!fingerprint.equals(p.getProperty("fingerprint"))) {
            return Optional.empty();
        }
        List<String> rejected = new ArrayList<>();
        for (int i = 0; p.containsKey("rejected." + i); i++) {
            rejected.add(p.getProperty("rejected." + i));
        }
        return Optional.of(new State(fingerprint, number(p, "last_line"), number(p, "inserted"), number(p, "updated"),
                number(p, "duplicates"), number(p, "rejected"), rejected, Boolean.parseBoolean(p.getProperty("complete"))));
    }

    public void save(State state) throws IOException {
        Properties p = new Properties();
        p.setProperty("fingerprint", state.fingerprint());
        p.setProperty("last_line", Long.toString(state.lastLine()));
        p.setProperty("inserted", Long.toString(state.inserted()));
        p.setProperty("updated", Long.toString(state.updated()));
        p.setProperty("duplicates", Long.toString(state.duplicates()));
        p.setProperty("rejected", Long.toString(state.rejected()));
        p.setProperty("complete", Boolean.toString(state.complete()));
        for (int i = 0; i < state.firstRejected().size(); i++) {
            p.setProperty("rejected." + i, state.firstRejected().get(i));
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "mt5db import checkpoint: lines up to last_line are committed");
        }
        try {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public void delete() throws IOException {
        Files.deleteIfExists(path);
    }

    private static long number(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null ? 0 : Long.parseLong(v.trim());
    }
}
