package dev.switchboard.push.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.util.Arrays;

/**
 * The NIST P-256 curve with the JDK's own provider: key generation, and the raw encodings Web Push uses (a
 * public key is the 65-byte uncompressed point, a private key the 32-byte scalar).
 */
public final class P256 {

    /** Length of an uncompressed point: 0x04, then x and y of 32 bytes each. */
    public static final int PUBLIC_KEY_BYTES = 65;

    private static final int COORDINATE_BYTES = 32;
    private static final ECParameterSpec PARAMS = parameters();

    private P256() {}

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(PARAMS);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate P-256 keys", e);
        }
    }

    /** The 65-byte uncompressed encoding of {@code key}. */
    public static byte[] encode(ECPublicKey key) {
        byte[] raw = new byte[PUBLIC_KEY_BYTES];
        raw[0] = 0x04;
        copyUnsigned(key.getW().getAffineX(), raw, 1);
        copyUnsigned(key.getW().getAffineY(), raw, 1 + COORDINATE_BYTES);
        return raw;
    }

    /** The 32-byte scalar of {@code key}. */
    public static byte[] encode(ECPrivateKey key) {
        byte[] raw = new byte[COORDINATE_BYTES];
        copyUnsigned(key.getS(), raw, 0);
        return raw;
    }

    /**
     * Reads an uncompressed point, checking that it lies on the curve (a key that does not would make ECDH
     * leak or fail later, far from the input that caused it).
     *
     * @throws IllegalArgumentException naming what is wrong with {@code raw}
     */
    public static ECPublicKey publicKey(byte[] raw) {
        if (raw.length != PUBLIC_KEY_BYTES || raw[0] != 0x04) {
            throw new IllegalArgumentException(
                    "a P-256 public key is 65 bytes starting with 0x04 (uncompressed point), got " + raw.length
                            + " bytes");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(raw, 1, 1 + COORDINATE_BYTES));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(raw, 1 + COORDINATE_BYTES, PUBLIC_KEY_BYTES));
        if (!onCurve(x, y)) {
            throw new IllegalArgumentException("the point is not on the P-256 curve");
        }
        try {
            return (ECPublicKey)
                    KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), PARAMS));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 public key: " + e.getMessage(), e);
        }
    }

    public static ECPrivateKey privateKey(byte[] raw) {
        try {
            return (ECPrivateKey)
                    KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, raw), PARAMS));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 private key: " + e.getMessage(), e);
        }
    }

    /** The key pair whose private scalar is {@code rawPrivate} and public point {@code rawPublic}. */
    public static KeyPair keyPair(byte[] rawPublic, byte[] rawPrivate) {
        return new KeyPair(publicKey(rawPublic), privateKey(rawPrivate));
    }

    private static boolean onCurve(BigInteger x, BigInteger y) {
        EllipticCurve curve = PARAMS.getCurve();
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right =
                x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        return left.equals(right);
    }

    private static void copyUnsigned(BigInteger value, byte[] target, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, COORDINATE_BYTES);
        System.arraycopy(bytes, bytes.length - length, target, offset + COORDINATE_BYTES - length, length);
    }

    private static ECParameterSpec parameters() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
