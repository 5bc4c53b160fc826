package dev.switchboard.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;

import dev.switchboard.contract.event.Topics;

/**
 * The chart as helm renders it, for the default values and for the production example: helm lint, every object
 * validated against the Kubernetes 1.36 and operator schemas, and what the chart promises (drain and stop order,
 * non-root pods with health probes, what the network policies keep internal, the contract's topics).
 */
class ChartTest {

    @Test
    void theChartLintsCleanlyInStrictMode() {
        LintResult lint = Chart.helm().lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(message -> message.contains("[ERROR]") || message.contains("[WARNING]"));
    }

    @Test
    void everyObjectOfTheDefaultValuesIsValidForItsSchema() {
        assertValid("default", Chart.defaults());
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
                .as("KEDA owns the worker's autoscaler").isEmpty();
        assertThat(production.find("Role", "sb-switchboard-cache-discovery")).isPresent();
        assertThat(production.find("NetworkPolicy", "sb-switchboard-cache-discovery")).as("egress to the API server")
                .isPresent();
        assertThat(properties(production, "cache")).containsEntry("switchboard.hazelcast.member.discovery", "kubernetes")
                .containsEntry("switchboard.hazelcast.member.kubernetes-service-name", "sb-switchboard-cache-hazelcast")
                .containsEntry("switchboard.hazelcast.member.backup-count", "2");
        assertThat(properties(production, "gateway")).containsEntry("kafka.bootstrap.servers",
                "switchboard-kafka-kafka-bootstrap.switchboard.svc:9093").containsEntry("kafka.security.protocol", "SSL");
    }

    @Test
    void theTopicsAreTheContractsWithTheirPartitionsAndRetention() {
        List<Map<String, Object>> chart = new ArrayList<>();
        Chart.values().path("kafka").path("topics").forEach(topic -> chart.add(Map.of("name", topic.path("name").asText(),
                "partitions", topic.path("partitions").asInt(), "retentionMs", topic.path("retentionMs").asLong())));
        assertThat(chart).containsExactlyElementsOf(Topics.ALL.stream().map(spec -> Map.<String, Object>of("name", spec.name(),
                "partitions", spec.partitions(), "retentionMs", spec.retention().toMillis())).toList());
        JsonNode topic = Chart.render(null, Map.of("kafka.strimzi.enabled", true)).get("KafkaTopic", "switchboard-deliveries");
        assertThat(topic.path("spec").path("topicName").asText()).isEqualTo(Topics.DELIVERIES);
        assertThat(topic.path("spec").path("config").path("retention.ms").asLong()).isEqualTo(86_400_000L);
    }

    @Test
    void theGatewaysGraceCoversItsDrainAndTheRestStopsAfterIt() {
        Chart.Rendered chart = Chart.defaults();
        Map<String, String> gateway = properties(chart, "gateway");
        long delay = seconds(gateway.get("quarkus.shutdown.delay"));
        long registry = seconds(gateway.get("switchboard.gateway.registry-timeout"));
        assertThat(gateway).containsEntry("quarkus.shutdown.delay-enabled", "true");
        JsonNode gatewayPod = pod(chart, "Deployment", "gateway");
        long gatewayDrained = preStop(gatewayPod) + delay + 2 * registry;
        assertThat(preStop(gatewayPod)).as("endpoints leave the load balancers first").isPositive();
        assertThat(grace(gatewayPod)).isGreaterThan(gatewayDrained);

        JsonNode worker = pod(chart, "Deployment", "worker");
        JsonNode push = pod(chart, "Deployment", "push");
        JsonNode cache = pod(chart, "StatefulSet", "cache");
        assertThat(preStop(worker)).as("workers stop once the gateways have drained").isGreaterThanOrEqualTo(gatewayDrained);
        assertThat(preStop(push)).isGreaterThanOrEqualTo(gatewayDrained);
        assertThat(preStop(cache)).as("members stop once workers and push-service have stopped")
                .isGreaterThanOrEqualTo(Math.max(grace(worker), grace(push)));
        assertThat(grace(cache)).isGreaterThan(preStop(cache));
        assertThat(env(cache, "JAVA_TOOL_OPTIONS")).contains("-Dhazelcast.graceful.shutdown.max.wait=60");

        JsonNode unordered = pod(Chart.render(null, Map.of("shutdownOrder.enabled", false)), "StatefulSet", "cache");
        assertThat(unordered.path("containers").get(0).has("lifecycle")).isFalse();
    }

    @Test
    void everyPodRunsAsNonRootReadOnlyWithProbesOnTheHealthEndpoints() {
        Chart.Rendered chart = Chart.production();
        List<JsonNode> pods = new ArrayList<>();
        chart.ofKind("Deployment").forEach(deployment -> pods.add(deployment.path("spec").path("template").path("spec")));
        chart.ofKind("StatefulSet").forEach(set -> pods.add(set.path("spec").path("template").path("spec")));
        assertThat(pods).hasSize(4);
        for (JsonNode pod : pods) {
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
            assertThat(pod.path("securityContext").path("runAsUser").asInt()).isEqualTo(65532);
            JsonNode container = pod.path("containers").get(0);
            assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean()).isFalse();
            assertThat(container.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/started");
            assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
            assertThat(container.path("image").asText()).startsWith("registry.example.com/switchboard/").endsWith(":0.1.0");
        }
    }

    @Test
    void adminHazelcastAndKafkaStayInsideTheRelease() throws IOException {
        Chart.Rendered chart = Chart.production();
        JsonNode hazelcast = chart.get("NetworkPolicy", "sb-switchboard-hazelcast").path("spec");
        assertThat(hazelcast.path("ingress")).hasSize(1);
        assertThat(hazelcast.path("ingress").get(0).path("ports").get(0).path("port").asText()).isEqualTo("hazelcast");
        assertThat(hazelcast.path("ingress").get(0).path("from").get(0).path("podSelector").path("matchLabels")
                .path("app.kubernetes.io/instance").asText()).isEqualTo(Chart.RELEASE);

        JsonNode admin = Chart.defaults().get("NetworkPolicy", "sb-switchboard-worker").path("spec");
        assertThat(admin.path("ingress").get(0).path("from")).as("only Prometheus by default").hasSize(1);
        assertThat(admin.path("ingress").get(0).path("from").get(0).path("namespaceSelector").path("matchLabels")
                .path("kubernetes.io/metadata.name").asText()).isEqualTo("monitoring");
        Path noPeers = Chart.TARGET.resolve("no-prometheus-peers.yaml");
        Files.createDirectories(noPeers.getParent());
        Files.writeString(noPeers, "networkPolicy:\n  prometheusPeers: []\n");
        JsonNode closed = Chart.render(noPeers, Map.of()).get("NetworkPolicy", "sb-switchboard-worker").path("spec");
        assertThat(closed.has("ingress")).as("no peers: no ingress rule at all, never an open one").isFalse();

        for (JsonNode listener : chart.get("Kafka", "switchboard-kafka").path("spec").path("kafka").path("listeners")) {
            assertThat(listener.path("type").asText()).isEqualTo("internal");
            assertThat(listener.path("networkPolicyPeers").get(0).path("podSelector").path("matchLabels")
                    .path("app.kubernetes.io/instance").asText()).isEqualTo(Chart.RELEASE);
        }
        assertThat(chart.get("Ingress", "sb-switchboard-gateway").path("spec").path("rules").get(0).path("http")
                .path("paths").findValuesAsText("path")).containsExactly("/ws", "/sse", "/clients", "/switchboard.js", "/app")
                .noneMatch(path -> path.startsWith("/q"));
    }

    @Test
    void kafkaCredentialsComeFromTheirSecretNeverFromAConfigMap() {
        Chart.Rendered chart = Chart.render(null, Map.of("kafka.security.protocol", "SASL_SSL",
                "kafka.security.sasl.mechanism", "SCRAM-SHA-512", "kafka.security.sasl.existingSecret", "kafka-user"));
        assertThat(properties(chart, "worker")).containsEntry("kafka.security.protocol", "SASL_SSL")
                .containsEntry("kafka.sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("kafka.sasl.jaas.config", "${SWITCHBOARD_KAFKA_SASL_JAAS_CONFIG}");
        for (String component : List.of("gateway", "worker", "push", "cache")) {
            JsonNode pod = pod(chart, component.equals("cache") ? "StatefulSet" : "Deployment", component);
            JsonNode jaas = null;
            for (JsonNode variable : pod.path("containers").get(0).path("env")) {
                if (variable.path("name").asText().equals("SWITCHBOARD_KAFKA_SASL_JAAS_CONFIG")) {
                    jaas = variable;
                }
            }
            assertThat(jaas).as("%s reads the JAAS line from the Secret", component).isNotNull();
            assertThat(jaas.path("valueFrom").path("secretKeyRef").path("name").asText()).isEqualTo("kafka-user");
        }
    }

    @Test
    void theSchemaRefusesUnknownKeysAndWrongTypes() {
        assertThatThrownBy(() -> Chart.render(null, Map.of("gateway.replica", 3))).hasMessageContaining("replica");
        assertThatThrownBy(() -> Chart.render(null, Map.of("hazelcast.discovery", "multicast")))
                .hasMessageContaining("discovery");
        assertThatThrownBy(() -> Chart.render(null, Map.of("cache.replicas", 0))).hasMessageContaining("replicas");
    }

    private static void assertValid(String name, Chart.Rendered chart) {
        Path work = Chart.TARGET.resolve("validate-" + name);
        Path objects = NodeTools.write(work.resolve("objects.json"), chart.objects());
        NodeTools.Report report = NodeTools.run("kubernetes-validate.mjs", objects.toString(), work.toString());
        assertThat(report.errors()).as("schema errors of the %s rendering", name).isEmpty();
        assertThat(report.exitCode()).as(report.output()).isZero();
        assertThat(report.report().path("validated").asInt()).isEqualTo(chart.objects().size());
    }

    static Map<String, String> properties(Chart.Rendered chart, String component) {
        String file = chart.get("ConfigMap", "sb-switchboard-" + component).path("data").path("application.properties").asText();
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
        return chart.get(kind, "sb-switchboard-" + component).path("spec").path("template").path("spec");
    }

    private static long preStop(JsonNode pod) {
        return pod.path("containers").get(0).path("lifecycle").path("preStop").path("sleep").path("seconds").asLong();
    }

    private static long grace(JsonNode pod) {
        return pod.path("terminationGracePeriodSeconds").asLong();
    }

    private static String env(JsonNode pod, String name) {
        for (JsonNode variable : pod.path("containers").get(0).path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable.path("value").asText();
            }
        }
        throw new AssertionError("no " + name + " in " + pod);
    }

    private static long seconds(String isoDuration) {
        return Duration.parse(isoDuration).toSeconds();
    }
}
