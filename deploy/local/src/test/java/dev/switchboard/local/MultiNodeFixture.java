package dev.switchboard.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.embedded.FreePorts;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.TestTokens;

/**
 * Two gateway nodes and one worker node, each a real process from its packaged jar, on the JVM's shared
 * broker and Hazelcast cluster, exporting traces to an in-test OTLP collector. Started once per test JVM and
 * shared by the integration tests that need several nodes.
 */
final class MultiNodeFixture {

    private static final Logger LOG = Logger.getLogger(MultiNodeFixture.class);
    static final Duration READY = Duration.ofMinutes(2);
    /** How long a test waits for one thing the suite does. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The public origin the gateways' fetch path ({@code /app}) stands for (docs/fetch.md); it never resolves. */
    static final String FETCH_ORIGIN = "https://shop.example";

    private static MultiNodeFixture instance;

    final OtlpCollector collector = new OtlpCollector();
    /** Where every worker's echo {@code onSync} posts (PushNotificationSyncIT). */
    final SyncUpstream syncUpstream = new SyncUpstream();

    final ServiceProcess gatewayA;
    final ServiceProcess gatewayB;
    private final Path home;
    private final Path logs;
    private ServiceProcess worker;

    private MultiNodeFixture() {
        home = Path.of(System.getProperty("switchboard.home", "../.."))
                .toAbsolutePath()
                .normalize();
        logs = home.resolve("target/switchboard-it/logs");
        gatewayA = gateway("gateway-a").start();
        gatewayB = gateway("gateway-b").start();
        worker = newWorker().start();
        gatewayA.awaitReady(READY);
        gatewayB.awaitReady(READY);
        worker.awaitReady(READY);
        LOG.infof("multi-node fixture up; logs in %s", logs);
    }

    static synchronized MultiNodeFixture get() {
        if (instance == null) {
            instance = new MultiNodeFixture();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "multi-node-fixture-stop"));
        }
        return instance;
    }

    ServiceProcess worker() {
        return worker;
    }

    /** Kills the worker with SIGKILL (a crash: nothing is committed or flushed on the way out). */
    void crashWorker() {
        worker.kill();
    }

    /** Starts a new worker process in the crashed one's place and waits until it is ready. */
    void restartWorker() {
        worker = newWorker().start();
        worker.awaitReady(READY);
    }

    URI ws(ServiceProcess gateway, String path) {
        return URI.create("ws://127.0.0.1:" + gateway.httpPort() + path);
    }

    URI http(ServiceProcess service, String path) {
        return URI.create("http://127.0.0.1:" + service.httpPort() + path);
    }

    /** The lines of {@code service}'s Prometheus metrics that start with {@code prefix}, for a test's log. */
    String metrics(ServiceProcess service, String prefix) throws IOException, InterruptedException {
        String metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(http(service, "/q/metrics"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return metrics.lines().filter(line -> line.startsWith(prefix)).collect(Collectors.joining("\n"));
    }

    /**
     * Publishes {@code bundle} as {@code script} through the worker's admin API and registers it for {@code scope}
     * (with the registration's other fields, {@code upstreamOrigin} say); waits until its version is active and both
     * gateways know the scope (they learn registrations from a Hazelcast entry listener). Yields the registration
     * record as the admin API reads it.
     */
    JsonNode register(String script, String scope, byte[] bundle, Map<String, Object> fields) throws Exception {
        HttpClient admin = HttpClient.newHttpClient();
        String operator = TestTokens.bearer(TestTokens.admin());
        HttpResponse<String> published = admin.send(
                HttpRequest.newBuilder(http(worker, "/admin/bundles?script=" + script))
                        .timeout(WAIT)
                        .header("Authorization", operator)
                        .header("Content-Type", "application/java-archive")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bundle))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (published.statusCode() != 200) {
            throw new IllegalStateException("bundle " + script + " not published: " + published.body());
        }
        String version = JSON.readTree(published.body()).get("digest").asText();
        Map<String, Object> registration = new HashMap<>(fields);
        registration.put("scriptUrl", script);
        registration.put("scope", scope);
        HttpResponse<String> registered = admin.send(
                HttpRequest.newBuilder(http(worker, "/admin/registrations"))
                        .timeout(WAIT)
                        .header("Authorization", operator)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(registration)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (registered.statusCode() != 200) {
            throw new IllegalStateException("scope " + scope + " not registered: " + registered.body());
        }
        String registrationId = JSON.readTree(registered.body()).get("id").asText();
        JsonNode activated = await(
                "version " + version + " of " + scope + " active",
                () -> JSON.readTree(admin.send(
                                HttpRequest.newBuilder(http(worker, "/admin/registrations/" + registrationId))
                                        .timeout(WAIT)
                                        .header("Authorization", operator)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body()),
                record -> "activated".equals(record.path("activeState").asText())
                        && version.equals(record.path("activeVersion").asText()));
        // Outside every registration's scope the fetch path answers 404, so a gateway that answers otherwise knows it.
        String readyPath = URI.create(scope).getPath() + "ready";
        for (ServiceProcess gateway : List.of(gatewayA, gatewayB)) {
            await(
                    "gateway " + gateway.name() + " knowing " + scope,
                    () -> admin.send(
                                    HttpRequest.newBuilder(http(gateway, readyPath))
                                            .timeout(WAIT)
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode(),
                    status -> status != 404);
        }
        return activated;
    }

    /** Reads {@code probe} every 100 ms until {@code done} holds for what it read, for at most {@link #WAIT}. */
    static <T> T await(String what, Probe<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T last = probe.read();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what + "; last seen: " + last);
            }
            Thread.sleep(100);
            last = probe.read();
        }
        return last;
    }

    interface Probe<T> {
        T read() throws Exception;
    }

    /** Starts one more gateway node, ready, for a test that stops or kills it. */
    ServiceProcess startExtraGateway(String nodeId) {
        return startExtraGateway(nodeId, Map.of());
    }

    /** The same, with some settings of its own (another Hazelcast cluster, say). */
    ServiceProcess startExtraGateway(String nodeId, Map<String, String> overrides) {
        ServiceProcess gateway = gateway(nodeId, overrides).start();
        gateway.awaitReady(READY);
        return gateway;
    }

    private ServiceProcess gateway(String nodeId) {
        return gateway(nodeId, Map.of());
    }

    private ServiceProcess gateway(String nodeId, Map<String, String> overrides) {
        Map<String, String> properties = common(nodeId);
        properties.put("switchboard.gateway.node-id", nodeId);
        properties.put("switchboard.gateway.security.anonymous", "true");
        // These tests flood on purpose (WorkerRestartIT: 400 messages per connection at once); the per-connection
        // rate limit is the gateway's own tests' subject (LimitsTest, MessageRateTest), not theirs.
        properties.put("switchboard.gateway.limits.messages-per-second", "100000");
        properties.put("switchboard.gateway.limits.message-burst", "100000");
        // Find dead nodes within seconds rather than the production 15 s.
        properties.put("switchboard.gateway.node-heartbeat-interval", "PT1S");
        properties.put("switchboard.gateway.node-expiry", "PT4S");
        // Fetch interception on (FetchEndToEndIT); requests outside every registration's scope get 404.
        properties.put("switchboard.gateway.fetch.origin", FETCH_ORIGIN);
        properties.putAll(overrides);
        return ServiceProcess.of(SuiteService.GATEWAY, nodeId, home, logs, FreePorts.next(), "256m", properties);
    }

    private ServiceProcess newWorker() {
        Map<String, String> properties = common("worker-1");
        properties.put("switchboard.worker.node-id", "worker-1");
        properties.put("switchboard.worker.echo.sync-upstream", syncUpstream.url());
        return ServiceProcess.of(
                SuiteService.WORKER,
                "worker-1",
                home,
                logs,
                worker == null ? FreePorts.next() : worker.httpPort(),
                "256m",
                properties);
    }

    private Map<String, String> common(String instance) {
        Map<String, String> properties = new HashMap<>(SharedInfrastructure.serviceConfig());
        properties.putAll(TestTokens.verifierConfig());
        // The tests' upstreams listen on 127.0.0.1, which the outbound policy reaches only when told.
        properties.put("switchboard.outbound.allowed-networks", "127.0.0.1/32");
        properties.put("quarkus.otel.exporter.otlp.traces.endpoint", collector.endpoint());
        properties.put("quarkus.otel.bsp.schedule.delay", "PT0.2S");
        properties.put("quarkus.otel.resource.attributes", "service.instance.id=" + instance);
        // ChannelsIT: public namespaces with and without history, and with presence, the same in every gateway and
        // worker
        // (docs/operations.md).
        properties.put("switchboard.channels.namespaces.live.publish", "ANY");
        properties.put("switchboard.channels.namespaces.room.publish", "ANY");
        properties.put("switchboard.channels.namespaces.room.presence", "true");
        properties.put("switchboard.channels.namespaces.chat.publish", "ANY");
        properties.put("switchboard.channels.namespaces.chat.history-size", "100");
        properties.put("switchboard.channels.namespaces.chat.history-age", "PT10M");
        // ClientsAcrossNodesIT: the client's worker decides who subscribes (onSubscribe).
        properties.put("switchboard.channels.namespaces.club.subscribe", "WORKER");
        return properties;
    }

    private void stop() {
        java.util.stream.Stream.of(gatewayA, gatewayB, worker).parallel().forEach(ServiceProcess::stop);
        collector.close();
        syncUpstream.close();
    }
}
