package io.mt5db.cli.importing;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An import file read line by line (never whole): its encoding from the byte-order mark (MT5 has
 * written its exports as UTF-16LE with a BOM; UTF-8 with or without one is read as well) and how many
 * bytes have been consumed, for the progress bar.
 */
public final class ImportFile implements AutoCloseable {

    private final BufferedReader reader;
    private final Counting counting;
    private final Charset charset;
    private final long size;
    private long lineNumber;

    public ImportFile(Path path) throws IOException {
        this.size = Files.size(path);
        this.counting = new Counting(Files.newInputStream(path));
        PushbackInputStream in = new PushbackInputStream(counting, 3);
        byte[] bom = new byte[3];
        int n = in.readNBytes(bom, 0, 3);
        Charset detected = StandardCharsets.UTF_8;
        int skip = 0;
        if (n >= 2 && (bom[0] & 0xFF) == 0xFF && (bom[1] & 0xFF) == 0xFE) {
            detected = StandardCharsets.UTF_16LE;
            skip = 2;
        } else if (n >= 2 && (bom[0] & 0xFF) == 0xFE && (bom[1] & 0xFF) == 0xFF) {
            detected = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (n == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF) {
            skip = 3;
        }
        if (n > skip) {
            in.unread(bom, skip, n - skip);
        }
        this.charset = detected;
        this.reader = new BufferedReader(new InputStreamReader(in, detected), 1 << 16);
    }

    /** The next line without its terminator (a trailing CR of CRLF files dropped), or null at the end. */
    public String nextLine() throws IOException {
        String line = reader.readLine();
        if (line != null) {
            lineNumber++;
            if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
                line = line.substring(0, line.length() - 1);
            }
        }
        return line;
    }

    /** The number of the line {@link #nextLine} returned last (1-based). */
    public long lineNumber() {
        return lineNumber;
    }

    public long bytesRead() {
        return counting.count;
    }

    public long size() {
        return size;
    }

    public Charset charset() {
        return charset;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
