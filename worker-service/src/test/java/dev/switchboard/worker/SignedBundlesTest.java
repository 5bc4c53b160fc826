package dev.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.worker.runtime.TestBundles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With switchboard.worker.bundles.signing-key set, an admin's token is not enough: the bytes must be signed. */
@QuarkusTest
@TestProfile(SignedBundlesTest.SigningKey.class)
@WithTestResource(SecuredServiceResource.class)
class SignedBundlesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    static final KeyPair PUBLISHER = ed25519();
    private static final KeyPair STRANGER = ed25519();

    /** The publisher's public key is the only one trusted. */
    public static class SigningKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "switchboard.worker.bundles.signing-key",
                    "-----BEGIN PUBLIC KEY-----\n"
                            + Base64.getEncoder()
                                    .encodeToString(PUBLISHER.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void onlyBundlesSignedByTheConfiguredKeyArePublished() throws Exception {
        Readiness.await(base, WAIT);
        String script = "https://signed-" + UUID.randomUUID().toString().substring(0, 8) + ".example/sw.jar";
        byte[] jar = TestBundles.probe("name", "signed");

        HttpResponse<String> unsigned = publish(script, jar, null);
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).contains("Switchboard-Bundle-Signature");
        assertThat(publish(script, jar, sign(STRANGER, jar)).statusCode())
                .as("another key")
                .isEqualTo(403);
        byte[] other = TestBundles.probe("name", "other");
        assertThat(publish(script, jar, sign(PUBLISHER, other)).statusCode())
                .as("other bytes")
                .isEqualTo(403);

        HttpResponse<String> signed = publish(script, jar, sign(PUBLISHER, jar));
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(signed.body()).contains("\"digest\"");
    }

    private HttpResponse<String> publish(String script, byte[] jar, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/admin/bundles?script=" + script))
                .timeout(WAIT)
                .header("Content-Type", "application/java-archive")
                .header("Authorization", TestTokens.bearer(TestTokens.admin()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(jar));
        if (signature != null) {
            request.header("Switchboard-Bundle-Signature", signature);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sign(KeyPair keys, byte[] bytes) throws GeneralSecurityException {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update(bytes);
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
