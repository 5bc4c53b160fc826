package dev.switchboard.push.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The CPU each cryptographic operation of a Web Push message costs on this thread with the JDK's providers (SunEC,
 * SunJCE), Bouncy Castle's JCA provider and Bouncy Castle's lightweight API: what {@code P256} and
 * {@code WebPushEncryption} chose from (the fastest correct one per operation).
 */
final class CryptoProviders {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Where every result goes, so that no operation is optimised away. */
    // Written after each measured loop so the JIT cannot drop the work it measures; never read on purpose.
    @SuppressWarnings("UnusedVariable")
    private static volatile int sink;

    private CryptoProviders() {}

    /** A table of CPU µs per operation, each measured for {@code seconds} after as long a warm-up. */
    static String compare(int payloadBytes, int seconds) throws GeneralSecurityException {
        Provider bc = new BouncyCastleProvider(); // not registered: looked up only here
        KeyPairGenerator jdkGenerator = KeyPairGenerator.getInstance("EC", "SunEC");
        jdkGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPairGenerator bcJcaGenerator = KeyPairGenerator.getInstance("EC", bc);
        bcJcaGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair jdkPeer = jdkGenerator.generateKeyPair();
        KeyPair jdkOwn = jdkGenerator.generateKeyPair();
        KeyPair bcJcaPeer = bcJcaGenerator.generateKeyPair();
        KeyPair bcJcaOwn = bcJcaGenerator.generateKeyPair();

        X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
        ECDomainParameters domain = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
        ECKeyPairGenerator bcGenerator = new ECKeyPairGenerator();
        bcGenerator.init(new ECKeyGenerationParameters(domain, new SecureRandom()));
        AsymmetricCipherKeyPair bcPeer = bcGenerator.generateKeyPair();
        AsymmetricCipherKeyPair bcOwn = bcGenerator.generateKeyPair();

        byte[] signingInput = new byte[200]; // a VAPID JWT's header and claims
        byte[] record = new byte[payloadBytes + 1];
        byte[] cek = new byte[16];
        byte[] nonce = new byte[12];
        byte[] schedule = new byte[140]; // the largest HMAC input of the key schedule

        StringBuilder table = new StringBuilder(
                "operation | JDK (SunEC/SunJCE) CPU µs | Bouncy Castle JCA CPU µs | Bouncy Castle lightweight CPU µs\n");
        row(
                table,
                "P-256 key generation",
                seconds,
                jdkGenerator::generateKeyPair,
                bcJcaGenerator::generateKeyPair,
                bcGenerator::generateKeyPair);
        row(
                table,
                "P-256 ECDH",
                seconds,
                () -> jcaAgreement(null, jdkOwn, jdkPeer),
                () -> jcaAgreement(bc, bcJcaOwn, bcJcaPeer),
                () -> {
                    ECDHBasicAgreement agreement = new ECDHBasicAgreement();
                    agreement.init(bcOwn.getPrivate());
                    return agreement.calculateAgreement(bcPeer.getPublic());
                });
        row(
                table,
                "ES256 signature",
                seconds,
                () -> jcaSign(Signature.getInstance("SHA256withECDSAinP1363Format", "SunEC"), jdkOwn, signingInput),
                () -> jcaSign(Signature.getInstance("SHA256withPLAIN-ECDSA", bc), bcJcaOwn, signingInput),
                () -> {
                    SHA256Digest digest = new SHA256Digest();
                    digest.update(signingInput, 0, signingInput.length);
                    byte[] hash = new byte[32];
                    digest.doFinal(hash, 0);
                    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
                    signer.init(
                            true,
                            new ECPrivateKeyParameters(((ECPrivateKeyParameters) bcOwn.getPrivate()).getD(), domain));
                    return signer.generateSignature(hash);
                });
        row(
                table,
                "AES-128-GCM, " + record.length + " bytes",
                seconds,
                () -> jcaGcm(null, cek, nonce, record),
                () -> jcaGcm(bc, cek, nonce, record),
                () -> {
                    GCMModeCipher cipher = GCMBlockCipher.newInstance(AESEngine.newInstance());
                    cipher.init(true, new AEADParameters(new KeyParameter(cek), 128, nonce));
                    byte[] out = new byte[cipher.getOutputSize(record.length)];
                    int written = cipher.processBytes(record, 0, record.length, out, 0);
                    cipher.doFinal(out, written);
                    return out;
                });
        row(
                table,
                "HMAC-SHA-256 ×5 (the key schedule)",
                seconds,
                () -> jcaHmacs(null, cek, schedule),
                () -> jcaHmacs(bc, cek, schedule),
                () -> {
                    byte[] out = new byte[32];
                    for (int i = 0; i < 5; i++) {
                        HMac mac = new HMac(new SHA256Digest());
                        mac.init(new KeyParameter(cek));
                        mac.update(schedule, 0, schedule.length);
                        mac.doFinal(out, 0);
                    }
                    return out;
                });
        return table.toString();
    }

    @FunctionalInterface
    private interface Operation {
        Object run() throws GeneralSecurityException, InvalidCipherTextException;
    }

    private static void row(
            StringBuilder table, String name, int seconds, Operation jdk, Operation bcJca, Operation bcLightweight) {
        table.append(String.format(
                Locale.ROOT,
                "%s | %.1f | %.1f | %.1f%n",
                name,
                cpuMicros(jdk, seconds),
                cpuMicros(bcJca, seconds),
                cpuMicros(bcLightweight, seconds)));
    }

    /** CPU µs per run of {@code operation} on this thread, after a warm-up as long as the measurement. */
    private static double cpuMicros(Operation operation, int seconds) {
        repeat(operation, seconds);
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long count = repeat(operation, seconds);
        return (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1000.0 / count;
    }

    private static long repeat(Operation operation, int seconds) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long count = 0;
        int results = 0;
        try {
            while (System.nanoTime() < end) {
                results += System.identityHashCode(operation.run());
                count++;
            }
        } catch (GeneralSecurityException | InvalidCipherTextException e) {
            throw new IllegalStateException("a benchmarked operation failed", e);
        }
        sink = results;
        return count;
    }

    private static byte[] jcaAgreement(Provider provider, KeyPair own, KeyPair peer) throws GeneralSecurityException {
        KeyAgreement agreement = provider == null
                ? KeyAgreement.getInstance("ECDH", "SunEC")
                : KeyAgreement.getInstance("ECDH", provider);
        agreement.init(own.getPrivate());
        agreement.doPhase(peer.getPublic(), true);
        return agreement.generateSecret();
    }

    private static byte[] jcaSign(Signature signature, KeyPair key, byte[] input) throws GeneralSecurityException {
        signature.initSign((ECPrivateKey) key.getPrivate());
        signature.update(input);
        return signature.sign();
    }

    private static byte[] jcaGcm(Provider provider, byte[] cek, byte[] nonce, byte[] record)
            throws GeneralSecurityException {
        Cipher cipher = provider == null
                ? Cipher.getInstance("AES/GCM/NoPadding", "SunJCE")
                : Cipher.getInstance("AES/GCM/NoPadding", provider);
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        return cipher.doFinal(record);
    }

    private static byte[] jcaHmacs(Provider provider, byte[] key, byte[] input) throws GeneralSecurityException {
        byte[] out = null;
        for (int i = 0; i < 5; i++) {
            Mac mac = provider == null
                    ? Mac.getInstance("HmacSHA256", "SunJCE")
                    : Mac.getInstance("HmacSHA256", provider);
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            out = mac.doFinal(input);
        }
        return out;
    }
}
