package io.mt5db.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a JSON request body the way MT5 clients send it: possibly gzip-encoded, possibly followed by
 * the NUL byte that MQL5's {@code StringToCharArray} appends. The size limit counts decompressed
 * bytes, so a small gzip bomb is refused like a large plain body.
 */
public final class JsonBodies {

    private final ObjectReader reader;

    public JsonBodies(ObjectMapper mapper) {
        // The fast double parser gives the same correctly rounded values as the JDK's, several times
        // quicker: a candle batch is mostly prices.
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(StreamReadFeature.USE_FAST_DOUBLE_PARSER).with(CompactJsonNodes.INSTANCE);
    }

    public JsonNode read(InputStream body, String contentEncoding, long maxBytes) {
        byte[] bytes = readBytes(body, contentEncoding, maxBytes);
        int length = bytes.length;
        while (length > 0 && (bytes[length - 1] == 0 || Character.isWhitespace(bytes[length - 1]))) {
            length--;
        }
        if (length == 0) {
            throw ApiException.badRequest("The request body is empty: send a JSON document");
        }
        try {
            return reader.readTree(new java.io.ByteArrayInputStream(bytes, 0, length));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw ApiException.badRequest("Malformed JSON" + where + ": " + e.getOriginalMessage()
                    .replaceAll("\\(for [^)]*\\)", "").trim());
        } catch (IOException e) {
            throw ApiException.badRequest("The request body could not be read");
        }
    }

    static byte[] readBytes(InputStream body, String contentEncoding, long maxBytes) {
        if (body == null) {
            return new byte[0];
        }
        String encoding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        try {
            InputStream in;
            if (encoding.isEmpty() || encoding.equals("identity")) {
                in = body;
            } else if (encoding.equals("gzip") || encoding.equals("x-gzip")) {
                in = new GZIPInputStream(body, 8192);
            } else {
                throw new ApiException(415, "Unsupported Media Type",
                        "Content-Encoding '" + encoding + "' is not supported: use gzip or none", null, null);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            byte[] buffer = new byte[16384];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw ApiException.payloadTooLarge("The request body is larger than " + maxBytes
                            + " bytes (measured after decompression)");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (ZipException e) {
            throw ApiException.badRequest("The body is declared gzip but is not valid gzip data");
        } catch (java.io.EOFException e) {
            throw ApiException.badRequest("The gzip body is truncated");
        } catch (IOException e) {
            throw ApiException.badRequest("The request body could not be read");
        }
    }
}
