package io.mt5db.common;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads enum values from client text case-insensitively (MQL5 EAs send "buy" as often as "BUY"). */
public final class WireEnums {

    private WireEnums() {
    }

    public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String text) {
        if (text == null) {
            return Optional.empty();
        }
        String name = text.trim().toUpperCase(Locale.ROOT);
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(name)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** "A, B or C", for error messages. */
    public static String choices(Collection<? extends Enum<?>> values) {
        List<String> names = values.stream().map(Enum::name).toList();
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
