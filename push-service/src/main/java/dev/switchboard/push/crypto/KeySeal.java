package dev.switchboard.push.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the VAPID private keys before they go into Hazelcast (AES-256-GCM, the key id as associated data), with a
 * key only push-service is given ({@code switchboard.push.vapid.key-encryption-key}): the grid, its members and
 * whatever else holds a Hazelcast client (the worker JVM, and with it every bundle) see ciphertext only.
 */
public final class KeySeal {

    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private KeySeal(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** From the base64 of 32 random bytes ({@code openssl rand -base64 32}); anything else fails at once. */
    public static KeySeal of(String base64Key) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("switchboard.push.vapid.key-encryption-key is not base64", e);
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("switchboard.push.vapid.key-encryption-key must be " + KEY_BYTES
                    + " bytes (base64 of 32 random bytes), got " + key.length);
        }
        return new KeySeal(key);
    }

    /** {@code nonce || ciphertext || tag} of {@code secret}, bound to {@code keyId}. */
    public byte[] seal(String keyId, byte[] secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, nonce, keyId, secret);
        return ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                .put(nonce)
                .put(sealed)
                .array();
    }

    /** The secret {@link #seal} sealed for {@code keyId}; fails if it was sealed with another key or changed. */
    public byte[] open(String keyId, byte[] sealed) {
        if (sealed.length <= NONCE_BYTES) {
            throw new IllegalStateException("the sealed VAPID key " + keyId + " is truncated");
        }
        return run(
                Cipher.DECRYPT_MODE,
                Arrays.copyOf(sealed, NONCE_BYTES),
                keyId,
                Arrays.copyOfRange(sealed, NONCE_BYTES, sealed.length));
    }

    private byte[] run(int mode, byte[] nonce, String keyId, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "the VAPID key " + keyId + " cannot be "
                            + (mode == Cipher.ENCRYPT_MODE
                                    ? "sealed"
                                    : "opened: it was sealed with another key-encryption-key, or altered"),
                    e);
        }
    }
}
