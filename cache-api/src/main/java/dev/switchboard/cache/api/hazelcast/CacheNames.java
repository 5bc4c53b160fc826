package dev.switchboard.cache.api.hazelcast;

/**
 * Cache names are DOMStrings: any UTF-16 sequence, lone surrogates included. Hazelcast writes strings as UTF-8, which
 * would turn a lone surrogate into '?', so names are stored with {@code %} and lone surrogates escaped.
 */
final class CacheNames {

    private CacheNames() {}

    static String encode(String name) {
        StringBuilder encoded = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean pairedHigh = Character.isHighSurrogate(c)
                    && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(i + 1));
            if (pairedHigh) {
                encoded.append(c).append(name.charAt(++i));
            } else if (c == '%' || Character.isSurrogate(c)) {
                encoded.append('%').append(String.format("%04x", (int) c));
            } else {
                encoded.append(c);
            }
        }
        return encoded.toString();
    }

    static String decode(String encoded) {
        StringBuilder name = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                name.append((char) Integer.parseInt(encoded.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }
}
