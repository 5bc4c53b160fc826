package dev.switchboard.cache.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An immutable header list, like the Fetch {@code Headers}: names compare case-insensitively, a name may
 * repeat, and {@link #get} combines repeated values with {@code ", "}.
 */
public final class Headers {

    private static final Headers EMPTY = new Headers(List.of());

    private final List<Map.Entry<String, String>> fields;

    private Headers(List<Map.Entry<String, String>> fields) {
        this.fields = List.copyOf(fields);
    }

    public static Headers empty() {
        return EMPTY;
    }

    /** Headers from name/value pairs: {@code Headers.of("Vary", "Cookie", "Content-Type", "text/plain")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("headers come in name/value pairs");
        }
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
        }
        return new Headers(fields);
    }

    public static Headers of(List<Map.Entry<String, String>> fields) {
        return fields.isEmpty() ? EMPTY : new Headers(fields);
    }

    /** Every value of {@code name}, combined with {@code ", "}; null when the header is absent. */
    public String get(String name) {
        List<String> values = fields.stream()
                .filter(field -> field.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .toList();
        return values.isEmpty() ? null : String.join(", ", values);
    }

    public boolean has(String name) {
        return get(name) != null;
    }

    /** The fields in the order they were given. */
    public List<Map.Entry<String, String>> fields() {
        return fields;
    }

    /** Bytes the names and values take, for quota accounting. */
    public long size() {
        return fields.stream()
                .mapToLong(field -> field.getKey().length() + field.getValue().length())
                .sum();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Headers headers && normalised().equals(headers.normalised());
    }

    @Override
    public int hashCode() {
        return Objects.hash(normalised());
    }

    private List<String> normalised() {
        return fields.stream()
                .map(field -> field.getKey().toLowerCase(Locale.ROOT) + ": " + field.getValue())
                .toList();
    }

    @Override
    public String toString() {
        return fields.stream()
                .map(field -> field.getKey() + ": " + field.getValue())
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
