package dev.switchboard.push.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * Message encryption for Web Push (RFC 8291) in the {@code aes128gcm} content coding (RFC 8188): one record,
 * a fresh ephemeral key pair and salt per message. The key pair and ECDH are {@link P256}'s (Bouncy Castle);
 * HMAC-SHA-256 and AES-GCM the JDK's, which does both faster than Bouncy Castle (docs/push.md, "Benchmark").
 */
public final class WebPushEncryption {

    /** The record size written in the header; RFC 8291 fixes a push message to one record of 4096 bytes. */
    public static final int RECORD_SIZE = 4096;
    /** salt (16) + rs (4) + idlen (1) + keyid (the 65-byte ephemeral public key). */
    public static final int HEADER_BYTES = 16 + 4 + 1 + P256.PUBLIC_KEY_BYTES;

    private static final int TAG_BYTES = 16;
    /**
     * The largest plaintext one 4096-byte record carries: the record minus the header, the GCM tag and the
     * padding delimiter (RFC 8291 section 4: 3993 octets). Browsers accept no more.
     */
    public static final int MAX_PLAINTEXT_BYTES = RECORD_SIZE - HEADER_BYTES - TAG_BYTES - 1;

    private static final byte[] KEY_INFO = "WebPush: info\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CEK_INFO = "Content-Encoding: aes128gcm\0\1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONCE_INFO = "Content-Encoding: nonce\0\1".getBytes(StandardCharsets.US_ASCII);
    private static final byte LAST_RECORD_DELIMITER = 0x02;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebPushEncryption() {}

    /**
     * Encrypts {@code plaintext} for the user agent whose subscription keys are {@code uaPublic} (p256dh, the
     * 65-byte uncompressed point) and {@code authSecret} (auth); returns the whole message body (header and
     * ciphertext).
     *
     * @throws IllegalArgumentException when {@code uaPublic} is not a point of P-256 or the plaintext is too long
     */
    public static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return encrypt(plaintext, uaPublic, authSecret, P256.ephemeral(), salt);
    }

    /** The same with a given ephemeral key pair and salt, so that the RFC's test vector can be reproduced. */
    static byte[] encrypt(
            byte[] plaintext, byte[] uaPublic, byte[] authSecret, AsymmetricCipherKeyPair ephemeral, byte[] salt) {
        if (plaintext.length > MAX_PLAINTEXT_BYTES) {
            throw new IllegalArgumentException("a push message carries at most " + MAX_PLAINTEXT_BYTES
                    + " bytes of plaintext, got " + plaintext.length);
        }
        ECPublicKeyParameters uaPoint = P256.point(uaPublic);
        try {
            byte[] asPublic = P256.encode((ECPublicKeyParameters) ephemeral.getPublic());
            byte[] ecdhSecret = P256.sharedSecret((ECPrivateKeyParameters) ephemeral.getPrivate(), uaPoint);

            // RFC 8291 section 3.4: combine the ECDH secret with the auth secret, then derive as RFC 8188 says.
            byte[] prkKey = hmac(authSecret, ecdhSecret);
            byte[] ikm = hmac(prkKey, concat(KEY_INFO, uaPublic, asPublic, new byte[] {1}));
            byte[] prk = hmac(salt, ikm);
            byte[] cek = Arrays.copyOf(hmac(prk, CEK_INFO), 16);
            byte[] nonce = Arrays.copyOf(hmac(prk, NONCE_INFO), 12);

            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
            byte[] record = Arrays.copyOf(plaintext, plaintext.length + 1);
            record[plaintext.length] = LAST_RECORD_DELIMITER; // a single record, no padding
            byte[] body = new byte[HEADER_BYTES + record.length + TAG_BYTES];
            ByteBuffer.wrap(body)
                    .put(salt)
                    .putInt(RECORD_SIZE)
                    .put((byte) asPublic.length)
                    .put(asPublic);
            cipher.doFinal(record, 0, record.length, body, HEADER_BYTES);
            return body;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("aes128gcm encryption failed", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer buffer = ByteBuffer.allocate(
                Arrays.stream(parts).mapToInt(part -> part.length).sum());
        for (byte[] part : parts) {
            buffer.put(part);
        }
        return buffer.array();
    }
}
