package dev.switchboard.push.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.contract.hazelcast.HazelcastConfigs;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.push.config.PushConfig;
import dev.switchboard.push.crypto.Base64Url;
import dev.switchboard.push.crypto.KeySeal;
import dev.switchboard.push.crypto.P256;
import dev.switchboard.push.model.VapidKey;
import dev.switchboard.push.service.VapidKeyStore;
import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(SecuredServiceResource.class)
class VapidResourceTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    PushConfig config;

    @Inject
    HazelcastInstance hazelcast;

    @Test
    void theGridHoldsPrivateKeysOnlySealed() {
        String keyId = new JsonHttp(base)
                .get("/push/vapid/public-key")
                .body()
                .path("keyId")
                .asText();
        VapidKey stored = hazelcast
                .<String, VapidKey>getMap(HazelcastNames.PUSH_VAPID_KEYS)
                .get(keyId);
        assertThat(stored.sealedPrivateKey()).as("nonce, 32 sealed bytes, tag").hasSize(12 + 32 + 16);
        KeySeal wrong = KeySeal.of(Base64.getEncoder().encodeToString(new byte[32]));
        assertThatThrownBy(() -> stored.keyPair(wrong)).hasMessageContaining("another key-encryption-key");
        assertThat(stored.keyPair(KeySeal.of(config.vapid().keyEncryptionKey())).getPublic())
                .isNotNull();
    }

    @Test
    void oneKeyClusterWideServedAsABase64urlP256PointAndRotatable() {
        JsonHttp api = new JsonHttp(base);
        JsonHttp.Reply first = api.get("/push/vapid/public-key");
        assertThat(first.status()).isEqualTo(200);
        String publicKey = first.body().path("publicKey").asText();
        assertThat(publicKey).doesNotContain("=", "+", "/");
        P256.publicKey(Base64Url.decode(publicKey)); // a valid point, or this throws
        assertThat(api.get("/push/vapid/public-key").body()).isEqualTo(first.body());

        // Another push-service node, a separate Hazelcast client of the same cluster, sees the same key.
        HazelcastInstance otherNode = HazelcastClient.newHazelcastClient(HazelcastConfigs.client(
                SharedInfrastructure.hazelcast().clusterName(),
                SharedInfrastructure.hazelcast().addresses(),
                Duration.ofSeconds(30)));
        try {
            VapidKeyStore otherStore = new VapidKeyStore(otherNode, config);
            assertThat(otherStore.current().id())
                    .isEqualTo(first.body().path("keyId").asText());

            JsonHttp.Reply rotated = api.as(TestTokens.admin()).post("/push/vapid/rotate", "");
            assertThat(rotated.status()).isEqualTo(200);
            assertThat(rotated.body().path("publicKey").asText()).isNotEqualTo(publicKey);
            assertThat(api.get("/push/vapid/public-key").body()).isEqualTo(rotated.body());
            assertThat(otherStore.current().id())
                    .isEqualTo(rotated.body().path("keyId").asText());
            assertThat(otherStore.find(first.body().path("keyId").asText()))
                    .as("the old key stays for the subscriptions made with it")
                    .isPresent();
        } finally {
            otherNode.shutdown();
        }
    }
}
