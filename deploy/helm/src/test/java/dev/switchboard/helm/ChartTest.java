package dev.switchboard.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;

import dev.switchboard.contract.event.EventLimits;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.settings.CacheSettings;
import dev.switchboard.contract.settings.SyncLimits;
import io.smallrye.config.ConfigMapping;

/**
 * The chart as helm renders it, for the default values with the least a release must set (values-minimal.yaml) and
 * for the production example: helm lint, every object validated against the Kubernetes 1.36 and operator schemas,
 * and what the chart promises (drain and stop order, non-root pods with health probes, what the network policies
 * keep internal, the contract's topics, and the security settings: a token verifier every service must have, the
 * secrets reaching only the pods that need them, through files and Secret references, never a ConfigMap).
 */
class ChartTest {

    private static final List<String> COMPONENTS = List.of("gateway", "worker", "push", "cache");

    @Test
    void theChartLintsCleanlyInStrictMode() {
        // Lint renders in its lint mode, where the required values' failures are logged, not errors: the template
        // test below checks that they stop helm template and helm install.
        LintResult lint = Chart.helm().lint().strict().call();
        assertThat(lint.isFailed())
                .as("helm lint --strict: %s", lint.getMessages())
                .isFalse();
        assertThat(lint.getMessages())
                .noneMatch(message -> message.contains("[ERROR]") || message.contains("[WARNING]"));
    }

    @Test
    void everyObjectOfTheMinimalValuesIsValidForItsSchema() {
        assertValid("minimal", Chart.minimal());
    }

    @Test
    void everyObjectOfTheProductionValuesIsValidForItsSchema() {
        Chart.Rendered production = Chart.production();
        assertValid("production", production);
        assertThat(production.ofKind("KafkaTopic")).hasSize(Topics.ALL.size());
        assertThat(production.ofKind("Kafka")).hasSize(1);
        assertThat(production.ofKind("KafkaNodePool")).hasSize(1);
        assertThat(production.ofKind("ScaledObject")).hasSize(1);
        assertThat(production.find("HorizontalPodAutoscaler", "sb-switchboard-worker"))
                .as("KEDA owns the worker's autoscaler")
                .isEmpty();
        assertThat(production.find("Role", "sb-switchboard-cache-discovery")).isPresent();
        assertThat(production.find("NetworkPolicy", "sb-switchboard-cache-discovery"))
                .as("egress to the API server")
                .isPresent();
        assertThat(properties(production, "cache"))
                .containsEntry("switchboard.hazelcast.member.discovery", "kubernetes")
                .containsEntry("switchboard.hazelcast.member.kubernetes-service-name", "sb-switchboard-cache-hazelcast")
                .containsEntry("switchboard.hazelcast.member.backup-count", "2");
        assertThat(properties(production, "gateway"))
                .containsEntry("kafka.bootstrap.servers", "switchboard-kafka-kafka-bootstrap.switchboard.svc:9093")
                .containsEntry("kafka.security.protocol", "SSL");
        assertThat(production
                        .get("KafkaUser", "switchboard-kafka-switchboard")
                        .path("spec")
                        .path("authentication")
                        .path("type")
                        .asText())
                .isEqualTo("tls");
    }

    @Test
    void theTopicsAreTheContractsWithTheirPartitionsAndRetention() {
        List<Map<String, Object>> chart = new ArrayList<>();
        Chart.values()
                .path("kafka")
                .path("topics")
                .forEach(topic -> chart.add(Map.of(
                        "name",
                        topic.path("name").asText(),
                        "partitions",
                        topic.path("partitions").asInt(),
                        "retentionMs",
                        topic.path("retentionMs").asLong())));
        assertThat(chart)
                .containsExactlyElementsOf(Topics.ALL.stream()
                        .map(spec -> Map.<String, Object>of(
                                "name",
                                spec.name(),
                                "partitions",
                                spec.partitions(),
                                "retentionMs",
                                spec.retention().toMillis()))
                        .toList());
        JsonNode topic =
                Chart.minimal(Map.of("kafka.strimzi.enabled", true)).get("KafkaTopic", "switchboard-deliveries");
        assertThat(topic.path("spec").path("topicName").asText()).isEqualTo(Topics.DELIVERIES);
        assertThat(topic.path("spec").path("config").path("retention.ms").asLong())
                .isEqualTo(86_400_000L);
    }

    @Test
    void theGatewaysGraceCoversItsDrainAndTheRestStopsAfterIt() {
        Chart.Rendered chart = Chart.minimal();
        Map<String, String> gateway = properties(chart, "gateway");
        long delay = seconds(gateway.get("quarkus.shutdown.delay"));
        long registry = seconds(gateway.get("switchboard.gateway.registry-timeout"));
        assertThat(gateway).containsEntry("quarkus.shutdown.delay-enabled", "true");
        JsonNode gatewayPod = pod(chart, "Deployment", "gateway");
        long gatewayDrained = preStop(gatewayPod) + delay + 2 * registry;
        assertThat(preStop(gatewayPod))
                .as("endpoints leave the load balancers first")
                .isPositive();
        assertThat(grace(gatewayPod)).isGreaterThan(gatewayDrained);

        JsonNode worker = pod(chart, "Deployment", "worker");
        JsonNode push = pod(chart, "Deployment", "push");
        JsonNode cache = pod(chart, "StatefulSet", "cache");
        assertThat(preStop(worker))
                .as("workers stop once the gateways have drained")
                .isGreaterThanOrEqualTo(gatewayDrained);
        assertThat(preStop(push)).isGreaterThanOrEqualTo(gatewayDrained);
        assertThat(preStop(cache))
                .as("members stop once workers and push-service have stopped")
                .isGreaterThanOrEqualTo(Math.max(grace(worker), grace(push)));
        assertThat(grace(cache)).isGreaterThan(preStop(cache));
        assertThat(env(cache, "JAVA_TOOL_OPTIONS")).contains("-Dhazelcast.graceful.shutdown.max.wait=60");

        JsonNode unordered = pod(Chart.minimal(Map.of("shutdownOrder.enabled", false)), "StatefulSet", "cache");
        assertThat(unordered.path("containers").get(0).has("lifecycle")).isFalse();
    }

    @Test
    void everyPodRunsAsNonRootReadOnlyWithProbesOnTheHealthEndpoints() {
        Chart.Rendered chart = Chart.production();
        List<JsonNode> pods = new ArrayList<>();
        chart.ofKind("Deployment")
                .forEach(deployment ->
                        pods.add(deployment.path("spec").path("template").path("spec")));
        chart.ofKind("StatefulSet")
                .forEach(set -> pods.add(set.path("spec").path("template").path("spec")));
        assertThat(pods).hasSize(4);
        for (JsonNode pod : pods) {
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean())
                    .isTrue();
            assertThat(pod.path("securityContext").path("runAsUser").asInt()).isEqualTo(65532);
            JsonNode container = pod.path("containers").get(0);
            assertThat(container
                            .path("securityContext")
                            .path("readOnlyRootFilesystem")
                            .asBoolean())
                    .isTrue();
            assertThat(container
                            .path("securityContext")
                            .path("allowPrivilegeEscalation")
                            .asBoolean())
                    .isFalse();
            assertThat(container
                            .path("startupProbe")
                            .path("httpGet")
                            .path("path")
                            .asText())
                    .isEqualTo("/q/health/started");
            assertThat(container
                            .path("livenessProbe")
                            .path("httpGet")
                            .path("path")
                            .asText())
                    .isEqualTo("/q/health/live");
            assertThat(container
                            .path("readinessProbe")
                            .path("httpGet")
                            .path("path")
                            .asText())
                    .isEqualTo("/q/health/ready");
            assertThat(container.path("image").asText())
                    .startsWith("registry.example.com/switchboard/")
                    .endsWith(":0.1.0");
        }
    }

    @Test
    void adminHazelcastAndKafkaStayInsideTheRelease() {
        Chart.Rendered chart = Chart.production();
        JsonNode hazelcast =
                chart.get("NetworkPolicy", "sb-switchboard-hazelcast").path("spec");
        assertThat(hazelcast.path("ingress")).hasSize(1);
        assertThat(hazelcast
                        .path("ingress")
                        .get(0)
                        .path("ports")
                        .get(0)
                        .path("port")
                        .asText())
                .isEqualTo("hazelcast");
        assertThat(hazelcast
                        .path("ingress")
                        .get(0)
                        .path("from")
                        .get(0)
                        .path("podSelector")
                        .path("matchLabels")
                        .path("app.kubernetes.io/instance")
                        .asText())
                .isEqualTo(Chart.RELEASE);

        JsonNode admin =
                Chart.minimal().get("NetworkPolicy", "sb-switchboard-worker").path("spec");
        assertThat(admin.path("ingress").get(0).path("from"))
                .as("only Prometheus by default")
                .hasSize(1);
        assertThat(admin.path("ingress")
                        .get(0)
                        .path("from")
                        .get(0)
                        .path("namespaceSelector")
                        .path("matchLabels")
                        .path("kubernetes.io/metadata.name")
                        .asText())
                .isEqualTo("monitoring");
        Path noPeers = values("no-prometheus-peers.yaml", "networkPolicy:\n  prometheusPeers: []\n");
        JsonNode closed = Chart.render(List.of(Chart.MINIMAL_VALUES, noPeers), Map.of())
                .get("NetworkPolicy", "sb-switchboard-worker")
                .path("spec");
        assertThat(closed.has("ingress"))
                .as("no peers: no ingress rule at all, never an open one")
                .isFalse();

        for (JsonNode listener : chart.get("Kafka", "switchboard-kafka")
                .path("spec")
                .path("kafka")
                .path("listeners")) {
            assertThat(listener.path("type").asText()).isEqualTo("internal");
            assertThat(listener.path("networkPolicyPeers")
                            .get(0)
                            .path("podSelector")
                            .path("matchLabels")
                            .path("app.kubernetes.io/instance")
                            .asText())
                    .isEqualTo(Chart.RELEASE);
        }
        assertThat(chart.get("Ingress", "sb-switchboard-gateway")
                        .path("spec")
                        .path("rules")
                        .get(0)
                        .path("http")
                        .path("paths")
                        .findValuesAsText("path"))
                .containsExactly("/ws", "/sse", "/tickets", "/clients", "/switchboard.js", "/app")
                .noneMatch(path -> path.startsWith("/q"));
    }

    @Test
    void kafkaCredentialsComeFromTheirSecretNeverFromAConfigMap() {
        Chart.Rendered chart = Chart.minimal(Map.of(
                "kafka.security.protocol",
                "SASL_SSL",
                "kafka.security.sasl.mechanism",
                "SCRAM-SHA-512",
                "kafka.security.sasl.existingSecret",
                "kafka-user"));
        assertThat(properties(chart, "worker"))
                .containsEntry("kafka.security.protocol", "SASL_SSL")
                .containsEntry("kafka.sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("kafka.sasl.jaas.config", "${SWITCHBOARD_KAFKA_SASL_JAAS_CONFIG}");
        for (String component : COMPONENTS) {
            JsonNode jaas = envVar(pod(chart, component), "SWITCHBOARD_KAFKA_SASL_JAAS_CONFIG");
            assertThat(jaas)
                    .as("%s reads the JAAS line from the Secret", component)
                    .isNotNull();
            assertThat(jaas.path("valueFrom").path("secretKeyRef").path("name").asText())
                    .isEqualTo("kafka-user");
        }
    }

    @Test
    void withoutATokenVerifierOrAVapidSealingKeyTheChartRefusesToRenderNamingTheValue() {
        assertThatThrownBy(() -> Chart.render(List.of(), Map.of()))
                .hasMessageContaining("security.tokenVerifier is required")
                .hasMessageContaining("security.tokenVerifier.location")
                .hasMessageContaining(".existingSecret");
        Map<String, Object> verifier = Map.of(
                "security.tokenVerifier.location",
                "https://idp.example/jwks",
                "security.tokenVerifier.issuer",
                "https://idp.example",
                "security.tokenVerifier.audiences[0]",
                "switchboard");
        assertThatThrownBy(() -> Chart.render(List.of(), verifier))
                .hasMessageContaining("push.vapid.keyEncryptionKey is required");
        Map<String, Object> noIssuer = new HashMap<>(verifier);
        noIssuer.put("security.tokenVerifier.issuer", "");
        noIssuer.put("push.vapid.keyEncryptionKey.existingSecret", "vapid");
        assertThatThrownBy(() -> Chart.render(List.of(), noIssuer))
                .hasMessageContaining("security.tokenVerifier.issuer is required");
        assertThatThrownBy(() -> Chart.minimal(Map.of("security.tokenVerifier.location", "https://idp.example/jwks")))
                .as("a location beside existingSecret")
                .hasMessageContaining("only one of location, publicKey and existingSecret");
        Path noAudience = values("no-audience.yaml", "security:\n  tokenVerifier:\n    audiences: []\n");
        assertThatThrownBy(() -> Chart.render(List.of(Chart.MINIMAL_VALUES, noAudience), Map.of()))
                .hasMessageContaining("security.tokenVerifier.audiences is required");
    }

    @Test
    void everyServiceVerifiesTokensWithTheKeyMountedFromItsSecret() {
        Chart.Rendered chart = Chart.minimal();
        for (String component : COMPONENTS) {
            assertThat(properties(chart, component))
                    .as(component)
                    .containsEntry("mp.jwt.verify.publickey.location", "/etc/switchboard/token-verifier/publickey.pem")
                    .containsEntry("mp.jwt.verify.issuer", "https://login.example.com/realms/shop")
                    .containsEntry("mp.jwt.verify.audiences", "switchboard");
            JsonNode pod = pod(chart, component);
            assertThat(mountPath(pod, "token-verifier")).as(component).isEqualTo("/etc/switchboard/token-verifier");
            assertThat(secretVolume(pod, "token-verifier"))
                    .as(component)
                    .isEqualTo("switchboard-token-verifier/publickey.pem");
        }
        assertThat(chart.ofKind("Secret"))
                .as("nothing secret is made from values that name Secrets")
                .isEmpty();

        Chart.Rendered inline = Chart.minimal(Map.of(
                "security.tokenVerifier.existingSecret",
                "",
                "security.tokenVerifier.publicKey",
                "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----",
                "security.tokenVerifier.groupsPath",
                "realm_access/roles"));
        assertThat(inline.get("Secret", "sb-switchboard-token-verifier")
                        .path("stringData")
                        .path("publickey.pem")
                        .asText())
                .contains("BEGIN PUBLIC KEY");
        assertThat(secretVolume(pod(inline, "gateway"), "token-verifier"))
                .isEqualTo("sb-switchboard-token-verifier/publickey.pem");
        assertThat(properties(inline, "push")).containsEntry("smallrye.jwt.path.groups", "realm_access/roles");

        Chart.Rendered jwks = Chart.production();
        for (String component : COMPONENTS) {
            assertThat(properties(jwks, component))
                    .containsEntry(
                            "mp.jwt.verify.publickey.location",
                            "https://login.example.com/realms/shop/protocol/openid-connect/certs");
            assertThat(mountPath(pod(jwks, component), "token-verifier"))
                    .as("a URL needs no file")
                    .isNull();
        }
    }

    @Test
    void theVapidSealingKeyReachesPushServiceAloneAndOnlyFromItsSecret() {
        Chart.Rendered chart = Chart.minimal();
        JsonNode sealing = envVar(pod(chart, "push"), "SWITCHBOARD_PUSH_VAPID_KEY_ENCRYPTION_KEY");
        assertThat(sealing.path("valueFrom").path("secretKeyRef").path("name").asText())
                .isEqualTo("switchboard-vapid");
        assertThat(sealing.path("valueFrom").path("secretKeyRef").path("key").asText())
                .isEqualTo("key-encryption-key");
        for (String component : List.of("gateway", "worker", "cache")) {
            assertThat(envVar(pod(chart, component), "SWITCHBOARD_PUSH_VAPID_KEY_ENCRYPTION_KEY"))
                    .as("%s never has the key that unseals the VAPID keys", component)
                    .isNull();
        }
        chart.ofKind("ConfigMap")
                .forEach(configMap -> assertThat(configMap.toString()).doesNotContain("key-encryption-key"));

        String key = Base64.getEncoder().encodeToString(new byte[32]);
        Chart.Rendered inline = Chart.minimal(
                Map.of("push.vapid.keyEncryptionKey.existingSecret", "", "push.vapid.keyEncryptionKey.value", key));
        assertThat(inline.get("Secret", "sb-switchboard-vapid-key-encryption-key")
                        .path("data")
                        .path("key-encryption-key")
                        .asText())
                .isEqualTo(key);
        assertThat(envVar(pod(inline, "push"), "SWITCHBOARD_PUSH_VAPID_KEY_ENCRYPTION_KEY")
                        .path("valueFrom")
                        .path("secretKeyRef")
                        .path("name")
                        .asText())
                .isEqualTo("sb-switchboard-vapid-key-encryption-key");
        assertThatThrownBy(() -> Chart.minimal(Map.of(
                        "push.vapid.keyEncryptionKey.existingSecret",
                        "",
                        "push.vapid.keyEncryptionKey.value",
                        Base64.getEncoder().encodeToString(new byte[16]))))
                .as("16 bytes")
                .hasMessageContaining("keyEncryptionKey");
    }

    @Test
    void bundleSignaturesAreRequiredWithAKeyMountedOnTheWorkersOnly() {
        assertThat(properties(Chart.minimal(), "worker")).doesNotContainKey("switchboard.worker.bundles.signing-key");
        Chart.Rendered production = Chart.production();
        assertThat(properties(production, "worker"))
                .containsEntry(
                        "switchboard.worker.bundles.signing-key",
                        "/etc/switchboard/bundle-signing-key/signing-key.pem");
        assertThat(secretVolume(pod(production, "worker"), "bundle-signing-key"))
                .isEqualTo("switchboard-bundle-signing-key/signing-key.pem");
        for (String component : List.of("gateway", "push", "cache")) {
            assertThat(mountPath(pod(production, component), "bundle-signing-key"))
                    .as(component)
                    .isNull();
        }
        Chart.Rendered inline = Chart.minimal(Map.of(
                "worker.bundles.signingKey.publicKey", "-----BEGIN PUBLIC KEY-----\nMCow\n-----END PUBLIC KEY-----"));
        assertThat(inline.get("Secret", "sb-switchboard-bundle-signing-key")
                        .path("stringData")
                        .path("signing-key.pem")
                        .asText())
                .contains("BEGIN PUBLIC KEY");
    }

    @Test
    void theGatewayIsNeverAnonymousAndItsCapsAndRatesAreValues() {
        Map<String, String> gateway = properties(
                Chart.minimal(Map.of(
                        "gateway.limits.maxConnectionsPerUser",
                        7,
                        "gateway.security.ticketTtl",
                        "PT10S",
                        "gateway.forwardedHeaders.trustedProxies[0]",
                        "10.0.0.0/8")),
                "gateway");
        assertThat(gateway)
                .containsEntry("switchboard.gateway.security.anonymous", "false")
                .containsEntry("switchboard.gateway.security.ticket-ttl", "PT10S")
                .containsEntry("switchboard.gateway.security.max-tickets", "10000")
                .containsEntry("switchboard.gateway.security.max-tickets-per-user", "16")
                .containsEntry("switchboard.gateway.limits.max-connections-per-ip", "1000")
                .containsEntry("switchboard.gateway.limits.max-connections-per-user", "7")
                .containsEntry("switchboard.gateway.limits.messages-per-second", "50")
                .containsEntry("switchboard.gateway.limits.message-burst", "100")
                .containsEntry("switchboard.gateway.limits.max-excess-messages", "20")
                .containsEntry("switchboard.gateway.limits.max-tracked-posters", "65536")
                .containsEntry("quarkus.http.proxy.proxy-address-forwarding", "true")
                .containsEntry("quarkus.http.proxy.allow-x-forwarded", "true")
                .containsEntry("quarkus.http.proxy.trusted-proxies", "10.0.0.0/8")
                .doesNotContainKey("quarkus.http.proxy.allow-forwarded");
        assertThat(properties(Chart.production(), "gateway"))
                .containsEntry("switchboard.gateway.security.allowed-origins", "https://shop.example.com");
        assertThatThrownBy(() -> Chart.minimal(Map.of("gateway.security.anonymous", true)))
                .as("no such value")
                .hasMessageContaining("anonymous");
        assertThatThrownBy(() ->
                        Chart.minimal(Map.of("gateway.config.switchboard\\.gateway\\.security\\.anonymous", "true")))
                .hasMessageContaining("always verifies tokens");
    }

    @Test
    void sharedSettingsReachEveryServiceAndNoComponentMaySetOneAlone() {
        Chart.Rendered chart = Chart.minimal(Map.of(
                "sharedConfig.switchboard\\.cache\\.quota-bytes",
                1_048_576,
                "sharedConfig.switchboard\\.sync\\.max-payload-bytes",
                8192,
                "sharedConfig.switchboard\\.channels\\.namespaces\\.chat\\.publish",
                "ANY"));
        for (String component : COMPONENTS) {
            assertThat(properties(chart, component))
                    .as(component)
                    .containsEntry("switchboard.cache.quota-bytes", "1048576")
                    .containsEntry("switchboard.sync.max-payload-bytes", "8192")
                    .containsEntry("switchboard.channels.namespaces.chat.publish", "ANY");
        }
        assertThatThrownBy(() -> Chart.minimal(Map.of("worker.config.switchboard\\.cache\\.quota-bytes", 1)))
                .hasMessageContaining("worker.config may not set switchboard.cache.quota-bytes")
                .hasMessageContaining("sharedConfig");
        // A namespace the gateway allowed and worker-service did not know would refuse handlers' publications.
        assertThatThrownBy(() -> Chart.minimal(
                        Map.of("gateway.config.switchboard\\.channels\\.namespaces\\.chat\\.publish", "ANY")))
                .hasMessageContaining("gateway.config may not set switchboard.channels.namespaces.chat.publish");
        assertThat(properties(Chart.minimal(Map.of("cache.config.switchboard\\.cache\\.max-list-size", 10)), "cache"))
                .as("cache-service's own settings stay its own")
                .containsEntry("switchboard.cache.max-list-size", "10");
    }

    @Test
    void theSharedSettingsAreTheContractsSharedMappings() {
        List<String> keys = new ArrayList<>();
        for (Class<?> mapping : List.of(CacheSettings.class, SyncLimits.class, EventLimits.class)) {
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            for (Method setting : mapping.getDeclaredMethods()) {
                keys.add(prefix + "."
                        + setting.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT));
            }
        }
        assertThat(keys).hasSize(13);
        for (String key : keys) {
            assertThatThrownBy(() -> Chart.minimal(Map.of("gateway.config." + key.replace(".", "\\."), 1)))
                    .as(key)
                    .hasMessageContaining("may not set " + key);
        }
    }

    @Test
    void eachServicesOutboundRequestsHaveTheirOwnPolicy() {
        Chart.Rendered chart = Chart.minimal();
        assertThat(properties(chart, "push"))
                .containsEntry(
                        "switchboard.outbound.allowed-hosts",
                        "*.googleapis.com,*.push.services.mozilla.com,*.push.apple.com,*.notify.windows.com");
        for (String component : COMPONENTS) {
            assertThat(properties(chart, component))
                    .as(component)
                    .containsEntry("switchboard.outbound.max-redirects", "0")
                    .doesNotContainKey("switchboard.outbound.allowed-networks");
        }
        Chart.Rendered production = Chart.production();
        assertThat(properties(production, "gateway"))
                .containsEntry("switchboard.outbound.allowed-networks", "10.0.0.0/8");
        assertThat(properties(production, "worker"))
                .containsEntry("switchboard.outbound.allowed-hosts", "shop-api.shop.svc.cluster.local");
        assertThatThrownBy(() -> Chart.minimal(Map.of("cache.outboundRequests.allowedNetworks[0]", "not a network")))
                .hasMessageContaining("allowedNetworks");
    }

    @Test
    void theGridsBackupsAndCapsAreValues() {
        assertThat(properties(Chart.minimal(), "cache"))
                .containsEntry("switchboard.hazelcast.member.critical-backup-count", "2")
                .as("a whole number, not 1e+06")
                .containsEntry("switchboard.hazelcast.member.max-evictable-entries", "1000000");
        assertThat(properties(Chart.production(), "cache"))
                .containsEntry("switchboard.hazelcast.member.critical-backup-count", "3");
        assertThatThrownBy(() -> Chart.minimal(Map.of("hazelcast.backupCount", 3)))
                .hasMessageContaining("criticalBackupCount must be at least hazelcast.backupCount");
    }

    @Test
    void aStrimziClustersUserGivesTheServicesTheirKafkaCredentials() {
        Chart.Rendered scram = Chart.minimal(Map.of(
                "kafka.strimzi.enabled",
                true,
                "kafka.strimzi.authentication",
                "scram-sha-512",
                "kafka.security.protocol",
                "SASL_SSL"));
        JsonNode listeners = scram.get("Kafka", "switchboard-kafka")
                .path("spec")
                .path("kafka")
                .path("listeners");
        assertThat(listeners).as("no unauthenticated listener beside it").hasSize(1);
        assertThat(listeners.get(0).path("authentication").path("type").asText())
                .isEqualTo("scram-sha-512");
        assertThat(scram.get("KafkaUser", "switchboard-kafka-switchboard")
                        .path("spec")
                        .path("authentication")
                        .path("type")
                        .asText())
                .isEqualTo("scram-sha-512");
        assertThat(properties(scram, "gateway"))
                .containsEntry("kafka.bootstrap.servers", "switchboard-kafka-kafka-bootstrap.switchboard.svc:9093")
                .containsEntry("kafka.sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("kafka.ssl.truststore.location", "/etc/switchboard/kafka-ca/ca.crt");
        for (String component : COMPONENTS) {
            JsonNode pod = pod(scram, component);
            assertThat(envVar(pod, "SWITCHBOARD_KAFKA_SASL_JAAS_CONFIG")
                            .path("valueFrom")
                            .path("secretKeyRef")
                            .path("name")
                            .asText())
                    .as(component)
                    .isEqualTo("switchboard-kafka-switchboard");
            assertThat(secretVolume(pod, "kafka-ca")).isEqualTo("switchboard-kafka-cluster-ca-cert/ca.crt");
        }

        Chart.Rendered production = Chart.production();
        assertThat(properties(production, "push"))
                .containsEntry("kafka.ssl.keystore.type", "PKCS12")
                .containsEntry("kafka.ssl.keystore.location", "/etc/switchboard/kafka-keystore/user.p12")
                .containsEntry("kafka.ssl.keystore.password", "${SWITCHBOARD_KAFKA_SSL_KEYSTORE_PASSWORD}");
        for (String component : COMPONENTS) {
            JsonNode pod = pod(production, component);
            assertThat(secretVolume(pod, "kafka-keystore"))
                    .as(component)
                    .isEqualTo("switchboard-kafka-switchboard/user.p12");
            assertThat(envVar(pod, "SWITCHBOARD_KAFKA_SSL_KEYSTORE_PASSWORD")
                            .path("valueFrom")
                            .path("secretKeyRef")
                            .path("key")
                            .asText())
                    .isEqualTo("user.password");
        }
        assertThatThrownBy(() ->
                        Chart.minimal(Map.of("kafka.strimzi.enabled", true, "kafka.strimzi.authentication", "tls")))
                .hasMessageContaining("needs kafka.security.protocol=SSL");
        assertThatThrownBy(() -> Chart.minimal(Map.of("kafka.security.protocol", "SASL_SSL")))
                .hasMessageContaining("kafka.security.sasl.existingSecret");
        assertThatThrownBy(() -> Chart.minimal(
                        Map.of("kafka.security.protocol", "SSL", "worker.autoscaling.keda.enabled", true)))
                .hasMessageContaining("keda.authenticationRef is required");
    }

    @Test
    void theSchemaRefusesUnknownKeysAndWrongTypes() {
        assertThatThrownBy(() -> Chart.minimal(Map.of("gateway.replica", 3))).hasMessageContaining("replica");
        assertThatThrownBy(() -> Chart.minimal(Map.of("hazelcast.discovery", "multicast")))
                .hasMessageContaining("discovery");
        assertThatThrownBy(() -> Chart.minimal(Map.of("cache.replicas", 0))).hasMessageContaining("replicas");
    }

    /** A values file of a test's own, under target. */
    private static Path values(String name, String yaml) {
        Path file = Chart.TARGET.resolve(name);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static void assertValid(String name, Chart.Rendered chart) {
        Path work = Chart.TARGET.resolve("validate-" + name);
        Path objects = NodeTools.write(work.resolve("objects.json"), chart.objects());
        NodeTools.Report report = NodeTools.run("kubernetes-validate.mjs", objects.toString(), work.toString());
        assertThat(report.errors())
                .as("schema errors of the %s rendering", name)
                .isEmpty();
        assertThat(report.exitCode()).as(report.output()).isZero();
        assertThat(report.report().path("validated").asInt())
                .isEqualTo(chart.objects().size());
    }

    static Map<String, String> properties(Chart.Rendered chart, String component) {
        String file = chart.get("ConfigMap", "sb-switchboard-" + component)
                .path("data")
                .path("application.properties")
                .asText();
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }

    private static JsonNode pod(Chart.Rendered chart, String kind, String component) {
        return chart.get(kind, "sb-switchboard-" + component)
                .path("spec")
                .path("template")
                .path("spec");
    }

    private static JsonNode pod(Chart.Rendered chart, String component) {
        return pod(chart, component.equals("cache") ? "StatefulSet" : "Deployment", component);
    }

    /** The container's environment variable {@code name}, or null. */
    private static JsonNode envVar(JsonNode pod, String name) {
        for (JsonNode variable : pod.path("containers").get(0).path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        return null;
    }

    /** Where the volume {@code name} is mounted in the container, or null. */
    private static String mountPath(JsonNode pod, String name) {
        for (JsonNode mount : pod.path("containers").get(0).path("volumeMounts")) {
            if (mount.path("name").asText().equals(name)) {
                return mount.path("mountPath").asText();
            }
        }
        return null;
    }

    /** The Secret volume {@code name} as {@code secret/key} of the one key it projects (none: null). */
    private static String secretVolume(JsonNode pod, String name) {
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.path("name").asText().equals(name)) {
                JsonNode secret = volume.path("secret");
                assertThat(secret.path("items")).as("only the key it needs").hasSize(1);
                return secret.path("secretName").asText() + "/"
                        + secret.path("items").get(0).path("key").asText();
            }
        }
        return null;
    }

    private static long preStop(JsonNode pod) {
        return pod.path("containers")
                .get(0)
                .path("lifecycle")
                .path("preStop")
                .path("sleep")
                .path("seconds")
                .asLong();
    }

    private static long grace(JsonNode pod) {
        return pod.path("terminationGracePeriodSeconds").asLong();
    }

    private static String env(JsonNode pod, String name) {
        JsonNode variable = envVar(pod, name);
        if (variable == null) {
            throw new AssertionError("no " + name + " in " + pod);
        }
        return variable.path("value").asText();
    }

    private static long seconds(String isoDuration) {
        return Duration.parse(isoDuration).toSeconds();
    }
}
