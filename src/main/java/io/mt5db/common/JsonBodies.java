package io.mt5db.common;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a JSON request body the way MT5 clients send it: possibly gzip-encoded, possibly followed by
 * the NUL byte that MQL5's {@code StringToCharArray} appends. The size limit counts decompressed
 * bytes, so a small gzip bomb is refused like a large plain body.
 */
public final class JsonBodies {

    private final ObjectReader reader;
    /** For a value inside a document: what follows it is the document's business. */
    private final ObjectReader valueReader;
    private final JsonNodeFactory nodes = CompactJsonNodes.INSTANCE;

    public JsonBodies(ObjectMapper mapper) {
        // The fast double parser gives the same correctly rounded values as the JDK's, several times
        // quicker: a candle batch is mostly prices.
        this.valueReader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(StreamReadFeature.USE_FAST_DOUBLE_PARSER).with(CompactJsonNodes.INSTANCE);
        this.reader = valueReader.with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public JsonNode read(InputStream body, String contentEncoding, long maxBytes) {
        try (InputStream in = open(body, contentEncoding, maxBytes, bytes -> { })) {
            JsonNode root = reader.readTree(in);
            if (root == null || root.isMissingNode()) {
                throw emptyBody();
            }
            return root;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * Reads a list of items as a tree, straight from the stream: the root, the elements of a root
     * array or of the root's {@code listField} array, and of each element object only the fields in
     * {@code itemFields} (other values are checked for syntax and skipped, no node built). A body of
     * padded or unknown fields thus costs no heap, and a list longer than {@code maxItems} is refused
     * at its first extra item instead of after the whole tree was built.
     * The nodes are those {@link ObjectReader#readTree} builds, without the skipped fields.
     * {@code bytesRead} learns every decompressed chunk before it is parsed (a
     * {@link MemoryBudget.Lease} may refuse it).
     */
    public JsonNode readItems(InputStream body, String contentEncoding, long maxBytes, String listField,
            Set<String> itemFields, int maxItems, LongConsumer bytesRead) {
        try (InputStream in = open(body, contentEncoding, maxBytes, bytesRead); JsonParser parser = valueReader.createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw emptyBody();
            }
            JsonNode root;
            if (first == JsonToken.START_ARRAY) {
                root = items(parser, itemFields, maxItems);
            } else if (first == JsonToken.START_OBJECT) {
                root = object(parser, listField, itemFields, maxItems);
            } else {
                root = value(parser);
            }
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw malformed(parser.currentLocation(), "trailing token " + trailing + " after the JSON document");
            }
            return root;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * The object the parser stands at the start of, with only the fields in {@code itemFields} and,
     * when {@code listField} is given, that field's array of filtered items.
     */
    private ObjectNode object(JsonParser parser, String listField, Set<String> itemFields, int maxItems)
            throws IOException {
        ObjectNode object = nodes.objectNode();
        String name;
        while ((name = parser.nextFieldName()) != null) {
            JsonToken token = parser.nextToken();
            if (name.equals(listField)) {
                object.set(name, token == JsonToken.START_ARRAY ? items(parser, itemFields, maxItems) : value(parser));
            } else if (itemFields.contains(name)) {
                object.set(name, value(parser));
            } else {
                parser.skipChildren();
            }
        }
        return object;
    }

    /** The array the parser stands at the start of, its objects filtered. */
    private ArrayNode items(JsonParser parser, Set<String> itemFields, int maxItems) throws IOException {
        ArrayNode items = nodes.arrayNode();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (items.size() == maxItems) {
                throw ApiException.payloadTooLarge("The request holds more than " + maxItems + " items; the limit is "
                        + maxItems + " per request");
            }
            items.add(token == JsonToken.START_OBJECT ? object(parser, null, itemFields, maxItems) : value(parser));
        }
        return items;
    }

    /** The value at the parser's current token, built as Jackson's tree deserializer builds it. */
    private JsonNode value(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_STRING -> nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> nodes.numberNode(parser.getIntValue());
                case LONG -> nodes.numberNode(parser.getLongValue());
                default -> nodes.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
                    ? nodes.numberNode(parser.getDecimalValue()) : nodes.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            default -> valueReader.readTree(parser);
        };
    }

    /** The body decompressed, counted against the limit, and ended at a trailing run of NULs. */
    static InputStream open(InputStream body, String contentEncoding, long maxBytes, LongConsumer bytesRead) {
        if (body == null) {
            return InputStream.nullInputStream();
        }
        String encoding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        InputStream source = new ClosedOnlyAtEnd(body);
        InputStream in;
        if (isIdentity(contentEncoding)) {
            in = source;
        } else if (encoding.equals("gzip") || encoding.equals("x-gzip")) {
            try {
                in = new GZIPInputStream(source, 8192);
            } catch (IOException e) {
                throw unreadable(e);
            }
        } else {
            throw new ApiException(415, "Unsupported Media Type",
                    "Content-Encoding '" + encoding + "' is not supported: use gzip or none", null, null);
        }
        return new BodyStream(in, maxBytes, bytesRead);
    }

    /** Whether a body with this Content-Encoding is sent as it is (none or {@code identity}). */
    public static boolean isIdentity(String contentEncoding) {
        return contentEncoding == null || contentEncoding.isBlank() || contentEncoding.trim().equalsIgnoreCase("identity");
    }

    private static ApiException emptyBody() {
        return ApiException.badRequest("The request body is empty: send a JSON document");
    }

    private static ApiException malformed(JsonLocation location, String message) {
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return ApiException.badRequest("Malformed JSON" + where + ": " + message.replaceAll("\\(for [^)]*\\)", "").trim());
    }

    private static ApiException unreadable(IOException e) {
        if (e instanceof JsonProcessingException json) {
            return malformed(json.getLocation(), json.getOriginalMessage());
        }
        if (e instanceof ZipException) {
            return ApiException.badRequest("The body is declared gzip but is not valid gzip data");
        }
        if (e instanceof EOFException) {
            return ApiException.badRequest("The gzip body is truncated");
        }
        return ApiException.badRequest("The request body could not be read");
    }

    /**
     * The request body, closed only once it was read to its end. Closing the HTTP layer's body stream
     * reads (and waits for) the rest of the body first; for a request refused while its body was
     * being read (429 past the client's share of the body budget, 413, malformed JSON) that held a
     * worker thread and the request's share of the budget until a slow client had sent everything,
     * so the refusal never reached it. Left open, the rest is discarded by the HTTP layer.
     */
    static final class ClosedOnlyAtEnd extends java.io.FilterInputStream {

        private boolean atEnd;

        ClosedOnlyAtEnd(InputStream body) {
            super(body);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            atEnd |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            atEnd |= n < 0;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (atEnd) {
                super.close();
            }
        }
    }

    /**
     * Counts the bytes read (decompressed) against the limit, and ends the body at a NUL that only
     * NULs and whitespace follow: MQL5's {@code StringToCharArray} appends one. A NUL anywhere else
     * is passed on, for the JSON parser to refuse.
     */
    static final class BodyStream extends InputStream {

        private final InputStream in;
        private final long maxBytes;
        private final LongConsumer bytesRead;
        private long total;
        /** Bytes read ahead from a NUL on, to be passed on when something other than NUL or whitespace followed. */
        private byte[] ahead = new byte[0];
        private int aheadPos;
        private int aheadLen;
        private boolean ended;

        BodyStream(InputStream in, long maxBytes, LongConsumer bytesRead) {
            this.in = in;
            this.maxBytes = maxBytes;
            this.bytesRead = bytesRead;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (aheadPos < aheadLen) {
                int n = Math.min(len, aheadLen - aheadPos);
                System.arraycopy(ahead, aheadPos, b, off, n);
                aheadPos += n;
                return n;
            }
            if (ended) {
                return -1;
            }
            int n = counted(in.read(b, off, len));
            if (n < 0) {
                ended = true;
                return -1;
            }
            for (int i = off; i < off + n; i++) {
                if (b[i] == 0) {
                    lookAhead(b, i, off + n);
                    // What precedes the NUL first; the NUL run follows only if something else came after it.
                    return i > off ? i - off : read(b, off, len);
                }
            }
            return n;
        }

        /** Keeps b[from, to) and reads on until a byte other than NUL or whitespace, or the end. */
        private void lookAhead(byte[] b, int from, int to) throws IOException {
            byte[] buffer = Arrays.copyOfRange(b, from, Math.max(to, from + 8192));
            int length = to - from;
            int scanned = 0;
            while (true) {
                for (; scanned < length; scanned++) {
                    byte c = buffer[scanned];
                    if (c != 0 && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                        ahead = buffer;
                        aheadPos = 0;
                        aheadLen = length;
                        return;
                    }
                }
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                int n = counted(in.read(buffer, length, buffer.length - length));
                if (n < 0) {
                    ended = true;
                    aheadPos = aheadLen = 0;
                    return;
                }
                length += n;
            }
        }

        private int counted(int n) {
            if (n > 0) {
                total += n;
                if (total > maxBytes) {
                    throw ApiException.payloadTooLarge("The request body is larger than " + maxBytes
                            + " bytes (measured after decompression)");
                }
                bytesRead.accept(n);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * The first string or field name anywhere in {@code node} that breaks {@link TextRules} (tab and
     * line breaks allowed, as in a message), as a sentence naming its path from {@code field}; null when
     * every text is clean. For structured values stored whole (a signal's meta, a symbol's sessions).
     */
    public static String firstBadText(String field, JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return TextRules.check(field, node.textValue(), TextRules.Kind.MESSAGE, Integer.MAX_VALUE);
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String problem = firstBadText(field + "[" + i + "]", node.get(i));
                if (problem != null) {
                    return problem;
                }
            }
        } else if (node.isObject()) {
            var fields = node.fields();
            while (fields.hasNext()) {
                var entry = fields.next();
                String problem = TextRules.check(field + " key", entry.getKey(), TextRules.Kind.MESSAGE, Integer.MAX_VALUE);
                if (problem == null) {
                    problem = firstBadText(field + "." + entry.getKey(), entry.getValue());
                }
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }
}
