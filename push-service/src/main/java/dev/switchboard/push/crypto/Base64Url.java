package dev.switchboard.push.crypto;

import java.util.Base64;

/** Base64url without padding, as RFC 8291 and RFC 8292 (and the Push API's JSON) write keys and tokens. */
public final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {}

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** Decodes, accepting padding as browsers do; throws {@link IllegalArgumentException} on other characters. */
    public static byte[] decode(String text) {
        return DECODER.decode(text);
    }
}
