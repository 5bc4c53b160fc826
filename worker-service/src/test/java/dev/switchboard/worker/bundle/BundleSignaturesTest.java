package dev.switchboard.worker.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.switchboard.worker.runtime.TestBundles;

class BundleSignaturesTest {

    private final byte[] jar = TestBundles.probe("name", "signed");

    @Test
    void withoutAKeyNothingIsRequired() {
        BundleSignatures none = BundleSignatures.of(Optional.empty());
        assertThat(none.required()).isFalse();
        none.verify(jar, null);
    }

    @Test
    void anEd25519KeyAcceptsItsSignatureOfTheExactBytesOnly() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        BundleSignatures trust = BundleSignatures.of(Optional.of(pem(keys)));
        assertThat(trust.required()).isTrue();
        trust.verify(jar, sign("Ed25519", keys, jar));

        byte[] tampered = jar.clone();
        tampered[tampered.length / 2] ^= 1;
        assertThatThrownBy(() -> trust.verify(tampered, sign("Ed25519", keys, jar)))
                .hasMessageContaining("not a signature of these bytes");
        assertThatThrownBy(() -> trust.verify(jar, null)).hasMessageContaining("must be signed");
        assertThatThrownBy(() -> trust.verify(jar, "not base64!")).hasMessageContaining("not a signature");
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertThatThrownBy(() -> trust.verify(jar, sign("Ed25519", other, jar)))
                .hasMessageContaining("not a signature");
    }

    @Test
    void anEcP256KeyFromAFileWorksToo() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        Path file = Files.createTempFile("bundle-key", ".pem");
        try {
            Files.writeString(file, pem(keys));
            BundleSignatures trust = BundleSignatures.of(Optional.of(file.toString()));
            trust.verify(jar, sign("SHA256withECDSA", keys, jar));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void aKeyThatDoesNotParseFailsAtOnce() {
        assertThatThrownBy(() ->
                        BundleSignatures.of(Optional.of("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signing-key");
    }

    static String pem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    static String sign(String algorithm, KeyPair keys, byte[] bytes) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(keys.getPrivate());
        signer.update(bytes);
        return Base64.getEncoder().encodeToString(signer.sign());
    }
}
