package io.mt5db.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a key may do. {@code admin} implies every other scope. */
public enum Scope {
    INGEST, READ, SIGNALS, ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a comma-separated list such as {@code ingest,read}. */
    public static Set<Scope> parseList(String text) {
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        if (text == null) {
            return scopes;
        }
        for (String part : text.split(",")) {
            String name = part.trim();
            if (!name.isEmpty()) {
                scopes.add(parse(name));
            }
        }
        return scopes;
    }

    public static Scope parse(String name) {
        try {
            return Scope.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scope '" + name + "': use ingest, read, signals or admin");
        }
    }

    public static String format(Set<Scope> scopes) {
        return scopes.stream().sorted().map(Scope::wireName).collect(Collectors.joining(","));
    }
}
