package dev.switchboard.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address range: {@code 10.0.0.0/8}, {@code fc00::/7}, or one address ({@code 127.0.0.1}). */
record Cidr(byte[] network, int prefix) {

    /** Parses {@code value}; only literal addresses are accepted (no name is looked up). */
    static Cidr parse(String value) {
        String text = value.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + value + "' is not an address range (CIDR such as 10.0.0.0/8)");
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + value + "' has no prefix length after '/'");
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException(
                        "'" + value + "' has a prefix length outside 0.." + bytes.length * 8);
            }
        }
        return new Cidr(bytes, prefix);
    }

    boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (candidate[full] & mask) == (network[full] & mask);
    }

    /** The bytes of an IPv4 or IPv6 literal, or null when {@code text} is not one (never a DNS lookup). */
    static byte[] literal(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (bare.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            String[] parts = bare.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        // A string with a colon is only ever parsed as an IPv6 literal by the JDK, never looked up.
        if (bare.indexOf(':') < 0 || !bare.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(bare).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
