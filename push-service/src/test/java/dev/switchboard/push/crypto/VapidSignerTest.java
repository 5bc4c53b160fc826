package dev.switchboard.push.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class VapidSignerTest {

    @Test
    void theTokenIsAnEs256JwtForTheEndpointsOriginSignedByTheKeyItNames() throws Exception {
        KeyPair key = P256.generate();
        Instant expiry = Instant.parse("2030-01-01T00:00:00Z");

        String header = VapidSigner.authorization(
                URI.create("https://push.example.net:8443/wpush/v2/abc?x=1"), key, "mailto:ops@example.com", expiry);

        assertThat(header).startsWith("vapid t=").contains(", k=");
        String token = header.substring("vapid t=".length(), header.indexOf(", k="));
        String k = header.substring(header.indexOf(", k=") + 4);
        assertThat(Base64Url.decode(k)).isEqualTo(P256.encode((ECPublicKey) key.getPublic()));

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(text(parts[0])).isEqualTo("{\"typ\":\"JWT\",\"alg\":\"ES256\"}");
        assertThat(text(parts[1]))
                .isEqualTo(
                        "{\"aud\":\"https://push.example.net:8443\",\"exp\":1893456000,\"sub\":\"mailto:ops@example.com\"}");

        byte[] signature = Base64Url.decode(parts[2]);
        assertThat(signature).as("JWS wants R||S, 64 bytes").hasSize(64);
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(P256.publicKey(Base64Url.decode(k)));
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void theAudienceLeavesOutADefaultPort() {
        assertThat(VapidSigner.audience(URI.create("https://fcm.googleapis.com/fcm/send/x")))
                .isEqualTo("https://fcm.googleapis.com");
    }

    private static String text(String part) {
        return new String(Base64Url.decode(part), StandardCharsets.UTF_8);
    }
}
