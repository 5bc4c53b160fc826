package dev.switchboard.push.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
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

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * The NIST P-256 curve: the raw encodings Web Push uses (a public key is the 65-byte uncompressed point, a private
 * key the 32-byte scalar), JDK key objects for the keys push-service stores, and the arithmetic of a send —
 * ephemeral key generation, ECDH and ES256 signing — with Bouncy Castle's lightweight API on its specialised P-256
 * field, which does each several times faster than JDK 17's SunEC (docs/push.md, "Benchmark").
 */
public final class P256 {

    /** Length of an uncompressed point: 0x04, then x and y of 32 bytes each. */
    public static final int PUBLIC_KEY_BYTES = 65;

    private static final int COORDINATE_BYTES = 32;
    private static final ECParameterSpec PARAMS = parameters();
    private static final ECDomainParameters DOMAIN = domain();
    private static final SecureRandom RANDOM = new SecureRandom();

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
        requireUncompressed(raw);
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

    /** A fresh key pair, for one message's ECDH (RFC 8291 wants one per message). */
    static AsymmetricCipherKeyPair ephemeral() {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(DOMAIN, RANDOM));
        return generator.generateKeyPair();
    }

    /** The key pair whose private scalar is {@code rawPrivate}, its public point computed from it. */
    static AsymmetricCipherKeyPair ephemeral(byte[] rawPrivate) {
        ECPrivateKeyParameters privateKey = new ECPrivateKeyParameters(new BigInteger(1, rawPrivate), DOMAIN);
        return new AsymmetricCipherKeyPair(
                new ECPublicKeyParameters(
                        DOMAIN.getG().multiply(privateKey.getD()).normalize(), DOMAIN),
                privateKey);
    }

    /**
     * Reads an uncompressed point for ECDH, checking it lies on the curve.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code raw}
     */
    static ECPublicKeyParameters point(byte[] raw) {
        requireUncompressed(raw);
        try {
            return new ECPublicKeyParameters(DOMAIN.getCurve().decodePoint(raw), DOMAIN);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the point is not on the P-256 curve", e);
        }
    }

    /** The 65-byte uncompressed encoding of {@code key}. */
    static byte[] encode(ECPublicKeyParameters key) {
        return key.getQ().getEncoded(false);
    }

    /** The ECDH shared secret of {@code own} and {@code peer}: the x coordinate of their product, 32 bytes. */
    static byte[] sharedSecret(ECPrivateKeyParameters own, ECPublicKeyParameters peer) {
        ECDHBasicAgreement agreement = new ECDHBasicAgreement();
        agreement.init(own);
        return BigIntegers.asUnsignedByteArray(COORDINATE_BYTES, agreement.calculateAgreement(peer));
    }

    /**
     * The ES256 signature (ECDSA with SHA-256) of {@code message} in the raw 64-byte R||S form JWS wants (RFC 7518),
     * with a deterministic nonce (RFC 6979): no random number to get wrong.
     */
    static byte[] signSha256(ECPrivateKey key, byte[] message) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(message, 0, message.length);
        byte[] hash = new byte[digest.getDigestSize()];
        digest.doFinal(hash, 0);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(key.getS(), DOMAIN));
        BigInteger[] rs = signer.generateSignature(hash);
        byte[] signature = new byte[2 * COORDINATE_BYTES];
        BigIntegers.asUnsignedByteArray(rs[0], signature, 0, COORDINATE_BYTES);
        BigIntegers.asUnsignedByteArray(rs[1], signature, COORDINATE_BYTES, COORDINATE_BYTES);
        return signature;
    }

    private static void requireUncompressed(byte[] raw) {
        if (raw.length != PUBLIC_KEY_BYTES || raw[0] != 0x04) {
            throw new IllegalArgumentException(
                    "a P-256 public key is 65 bytes starting with 0x04 (uncompressed point), got " + raw.length
                            + " bytes");
        }
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

    /** Bouncy Castle's P-256 on its specialised field arithmetic (SecP256R1Curve), not the generic one. */
    private static ECDomainParameters domain() {
        X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
        return new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH(), curve.getSeed());
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
