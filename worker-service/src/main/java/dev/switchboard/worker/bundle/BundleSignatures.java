package dev.switchboard.worker.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import dev.switchboard.contract.problem.ProblemException;
import dev.switchboard.contract.problem.ProblemType;

/**
 * The optional second lock on publishing (docs/security.md, "Bundles"): with a signing key configured, a bundle is
 * accepted only with a detached signature of its exact bytes by that key, so a leaked admin token alone cannot
 * put code into the workers. Ed25519 (a raw 64-byte signature) or ECDSA P-256 with SHA-256 (DER), base64.
 */
public final class BundleSignatures {

    /** Request header of {@code POST /admin/bundles} carrying the base64 signature. */
    public static final String HEADER = "Switchboard-Bundle-Signature";

    private static final BundleSignatures NONE = new BundleSignatures(null, null);

    private final PublicKey key;
    private final String algorithm;

    private BundleSignatures(PublicKey key, String algorithm) {
        this.key = key;
        this.algorithm = algorithm;
    }

    /** From {@code switchboard.worker.bundles.signing-key}: PEM text, or the path of a PEM file; none: not required. */
    public static BundleSignatures of(Optional<String> signingKey) {
        if (signingKey.isEmpty() || signingKey.get().isBlank()) {
            return NONE;
        }
        String value = signingKey.get().strip();
        String pem = value.startsWith("-----BEGIN") ? value : read(Path.of(value));
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("switchboard.worker.bundles.signing-key is not a PEM public key", e);
        }
        for (String[] kind : List.of(new String[] {"Ed25519", "Ed25519"}, new String[] {"EC", "SHA256withECDSA"})) {
            try {
                return new BundleSignatures(
                        KeyFactory.getInstance(kind[0]).generatePublic(new X509EncodedKeySpec(der)), kind[1]);
            } catch (GeneralSecurityException notThisKind) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(
                "switchboard.worker.bundles.signing-key is neither an Ed25519 nor an EC public key");
    }

    public boolean required() {
        return key != null;
    }

    /** Passes when no key is configured, or {@code signature} (base64) is the key's signature of {@code jar}. */
    public void verify(byte[] jar, String signature) {
        if (!required()) {
            return;
        }
        if (signature == null || signature.isBlank()) {
            throw new UnsignedBundleException("bundles must be signed by the configured key: send the base64 signature "
                    + "of the jar's bytes in " + HEADER);
        }
        boolean valid;
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(jar);
            valid = verifier.verify(Base64.getDecoder().decode(signature.strip()));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            valid = false;
        }
        if (!valid) {
            throw new UnsignedBundleException(HEADER + " is not a signature of these bytes by the configured key");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("switchboard.worker.bundles.signing-key: cannot read " + file, e);
        }
    }

    /** A bundle without a valid signature while one is required; the admin API answers 403. */
    public static final class UnsignedBundleException extends ProblemException {

        public UnsignedBundleException(String message) {
            super(ProblemType.UNSIGNED_BUNDLE, message);
        }
    }
}
