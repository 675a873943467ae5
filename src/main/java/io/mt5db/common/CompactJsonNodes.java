package io.mt5db.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A node factory whose JSON objects keep their fields in two small arrays instead of a
 * LinkedHashMap. A posted batch is thousands of objects of about ten fields each: building and
 * reading them is much of a request's work, and a scan of ten interned names beats hashing. An
 * object with many fields switches to a LinkedHashMap, so a hostile body costs no quadratic time.
 * Field order, duplicate names (the last one wins) and equality are those of Jackson's own map.
 */
public final class CompactJsonNodes extends JsonNodeFactory {

    private static final long serialVersionUID = 1L;

    public static final CompactJsonNodes INSTANCE = new CompactJsonNodes();

    private CompactJsonNodes() {
        super(false);
    }

    @Override
    public ObjectNode objectNode() {
        return new ObjectNode(this, new FieldMap());
    }

    /** Insertion-ordered fields; linear below {@link #MAX_SCANNED} fields, hashed above. */
    static final class FieldMap extends AbstractMap<String, JsonNode> {

        static final int MAX_SCANNED = 16;

        private String[] names = new String[8];
        private JsonNode[] values = new JsonNode[8];
        private int size;
        private LinkedHashMap<String, JsonNode> hashed;

        private int indexOf(Object name) {
            for (int i = 0; i < size; i++) {
                // Jackson interns field names, as Java does literals: mostly the identity check decides.
                if (names[i] == name) {
                    return i;
                }
            }
            if (name instanceof String) {
                for (int i = 0; i < size; i++) {
                    if (names[i].equals(name)) {
                        return i;
                    }
                }
            }
            return -1;
        }

        @Override
        public JsonNode get(Object name) {
            if (hashed != null) {
                return hashed.get(name);
            }
            int i = indexOf(name);
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object name) {
            return hashed != null ? hashed.containsKey(name) : indexOf(name) >= 0;
        }

        @Override
        public JsonNode put(String name, JsonNode value) {
            if (hashed != null) {
                return hashed.put(name, value);
            }
            int i = indexOf(name);
            if (i >= 0) {
                JsonNode previous = values[i];
                values[i] = value;
                return previous;
            }
            if (size == MAX_SCANNED) {
                hashed = new LinkedHashMap<>();
                for (int j = 0; j < size; j++) {
                    hashed.put(names[j], values[j]);
                }
                names = null;
                values = null;
                size = 0;
                return hashed.put(name, value);
            }
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            names[size] = name;
            values[size] = value;
            size++;
            return null;
        }

        @Override
        public JsonNode remove(Object name) {
            if (hashed != null) {
                return hashed.remove(name);
            }
            int i = indexOf(name);
            if (i < 0) {
                return null;
            }
            JsonNode previous = values[i];
            removeAt(i);
            return previous;
        }

        private void removeAt(int i) {
            System.arraycopy(names, i + 1, names, i, size - i - 1);
            System.arraycopy(values, i + 1, values, i, size - i - 1);
            size--;
            names[size] = null;
            values[size] = null;
        }

        @Override
        public int size() {
            return hashed != null ? hashed.size() : size;
        }

        @Override
        public void clear() {
            if (hashed != null) {
                hashed.clear();
                return;
            }
            Arrays.fill(names, 0, size, null);
            Arrays.fill(values, 0, size, null);
            size = 0;
        }

        @Override
        public Set<Entry<String, JsonNode>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, JsonNode>> iterator() {
                    return hashed != null ? hashed.entrySet().iterator() : new Entries();
                }

                @Override
                public int size() {
                    return FieldMap.this.size();
                }
            };
        }

        /** Entries in insertion order; setValue and remove write through. */
        private final class Entries implements Iterator<Entry<String, JsonNode>> {
            private int next;
            private int last = -1;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public Entry<String, JsonNode> next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                last = next++;
                int index = last;
                return new SimpleEntry<>(names[index], values[index]) {
                    private static final long serialVersionUID = 1L;

                    @Override
                    public JsonNode setValue(JsonNode value) {
                        values[index] = value;
                        return super.setValue(value);
                    }
                };
            }

            @Override
            public void remove() {
                if (last < 0) {
                    throw new IllegalStateException();
                }
                removeAt(last);
                next = last;
                last = -1;
            }
        }
    }
}
