package io.mt5db.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A blocking HTTP/1.1 client on one kept-alive socket, for one load-generating thread. The JDK's
 * HttpClient hands every exchange to its selector thread and back through futures; on a 2-core
 * machine that shares its CPUs with the server, that client-side work shows up in the server's
 * latency. An EA is a separate machine, so the generator should cost as little as possible.
 * Understands Content-Length and chunked responses, which is all the app sends.
 */
public final class PlainHttp implements AutoCloseable {

    /** Status and body of one exchange. */
    public record Response(int status, String body) {
    }

    private final String host;
    private final int port;
    private Socket socket;
    private BufferedInputStream in;
    private OutputStream out;

    public PlainHttp(String baseUrl) {
        URI uri = URI.create(baseUrl);
        this.host = uri.getHost();
        this.port = uri.getPort();
        if (!host.startsWith("127.") && !host.equals("localhost")) {
            throw new IllegalStateException("benchmarks send traffic to 127.0.0.1 only, not " + baseUrl);
        }
    }

    public Response get(String path, String key) throws IOException {
        return exchange("GET", path, key, null);
    }

    public Response post(String path, String key, String json) throws IOException {
        return exchange("POST", path, key, json.getBytes(StandardCharsets.UTF_8));
    }

    public Response post(String path, String key, byte[] json) throws IOException {
        return exchange("POST", path, key, json);
    }

    private Response exchange(String method, String path, String key, byte[] body) throws IOException {
        for (int attempt = 0; ; attempt++) {
            boolean reused = socket != null;
            try {
                connectIfNeeded();
                StringBuilder head = new StringBuilder(160).append(method).append(' ').append(path)
                        .append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\n");
                if (key != null) {
                    head.append("X-API-Key: ").append(key).append("\r\n");
                }
                if (body != null) {
                    head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
                }
                head.append("\r\n");
                out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
                return readResponse();
            } catch (IOException e) {
                close();
                // A kept-alive connection the server closed meanwhile: one fresh try.
                if (!reused || attempt > 0) {
                    throw e;
                }
            }
        }
    }

    private void connectIfNeeded() throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }
    }

    private Response readResponse() throws IOException {
        String statusLine = line();
        if (statusLine.length() < 12) {
            throw new IOException("bad status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                closeAfter = true;
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(length > 0 ? (int) length : 256);
        if (chunked) {
            for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                    size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                copy(bytes, size);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length > 0) {
            copy(bytes, length);
        }
        if (closeAfter) {
            close();
        }
        return new Response(status, bytes.toString(StandardCharsets.UTF_8));
    }

    private void copy(ByteArrayOutputStream to, long count) throws IOException {
        byte[] buffer = new byte[8192];
        long left = count;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("connection closed in a response body");
            }
            to.write(buffer, 0, n);
            left -= n;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed in a response head");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a dead connection
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
