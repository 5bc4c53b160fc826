package dev.switchboard.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.security.Roles;
import dev.switchboard.embedded.FreePorts;
import dev.switchboard.embedded.TokenIssuer;
import dev.switchboard.local.ServiceProcess;
import dev.switchboard.local.SuiteService;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.clients.RawWebSocket;
import dev.switchboard.testsupport.clients.TestEventSource;
import dev.switchboard.testsupport.clients.TestTopic;
import dev.switchboard.testsupport.clients.TestWebSocket;

/**
 * The dashboards and alert rules against the metrics the services really export: the four services run as
 * processes (their own Hazelcast member, the shared broker), configured as the chart configures them (every API
 * verifying tokens of an issuer, the gateway not anonymous, the VAPID keys sealed), are driven through every path
 * the panels show (messages, a slow client, resumes, refusals, fetch, cache hits and evictions, Web Push delivered
 * and gone, a failing sync that ends as a dead letter, an event that is not one), and a real Prometheus (Debian's)
 * scrapes them with the labels the chart's ServiceMonitor gives. Then every panel's query and every alert's expression —
 * its comparison made a {@code bool} one, so the expression's series show whether or not it fires — must return
 * at least one series.
 */
class ObservabilityIT {

    private static final Logger LOG = Logger.getLogger(ObservabilityIT.class);
    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path WORK = Chart.TARGET.resolve("observability-it");
    private static final TokenIssuer ISSUER = TokenIssuer.generate("https://issuer.observability.test", "switchboard");
    /** The user the test's clients are, and the backend's credential for the push and cache APIs. */
    private static final String USER = "observer";

    private static final String USER_TOKEN = ISSUER.token(USER, Duration.ofHours(1));
    private static final String PUBLISHER_TOKEN = ISSUER.token("backend", Duration.ofHours(1), Roles.PUBLISHER);

    private static final Map<SuiteService, ServiceProcess> SERVICES = new EnumMap<>(SuiteService.class);
    private static HttpServer peers;
    private static Process prometheus;
    private static URI prometheusApi;

    @BeforeAll
    static void startTheSuiteAndPrometheus() throws Exception {
        Files.createDirectories(WORK);
        peers = peers();
        String peersUrl = "http://127.0.0.1:" + peers.getAddress().getPort();
        int memberPort = FreePorts.next();
        Map<String, String> common = new HashMap<>(Map.of(
                "kafka.bootstrap.servers",
                SharedInfrastructure.kafka().bootstrapServers(),
                "switchboard.hazelcast.cluster-name",
                "switchboard-observability-" + UUID.randomUUID(),
                "switchboard.hazelcast.members",
                "127.0.0.1:" + memberPort,
                // The test's own peers (sync upstream, push services) listen on loopback.
                "switchboard.outbound.allowed-networks",
                "127.0.0.1/32",
                "quarkus.otel.sdk.disabled",
                "true"));
        common.putAll(ISSUER.verifierConfig(WORK.resolve("token-verification-key.pem")));
        Map<SuiteService, Map<String, String>> own = new EnumMap<>(SuiteService.class);
        own.put(
                SuiteService.CACHE,
                Map.of(
                        "switchboard.hazelcast.member.port",
                        String.valueOf(memberPort),
                        "switchboard.hazelcast.member.bind-address",
                        "127.0.0.1",
                        // Small enough that a few entries go over it: evictions. A body may not exceed the quota
                        // (SharedSettingsCheck refuses to start otherwise).
                        "switchboard.cache.quota-bytes",
                        "2048",
                        "switchboard.cache.max-body-bytes",
                        "1024"));
        own.put(
                SuiteService.GATEWAY,
                Map.of(
                        "switchboard.gateway.node-id",
                        "gateway-o",
                        "switchboard.gateway.fetch.origin",
                        "https://shop.example",
                        "switchboard.gateway.websocket.ping-interval",
                        "PT10M",
                        "switchboard.gateway.outbound.socket-send-buffer-bytes",
                        "16384",
                        "switchboard.gateway.outbound.max-queued-messages",
                        "64"));
        own.put(
                SuiteService.WORKER,
                Map.of(
                        "switchboard.worker.node-id",
                        "worker-o",
                        "switchboard.worker.echo.sync-upstream",
                        peersUrl + "/sync"));
        own.put(
                SuiteService.PUSH,
                Map.of(
                        "switchboard.push.node-id",
                        "push-o",
                        "switchboard.push.vapid.key-encryption-key",
                        Base64.getEncoder().encodeToString(new byte[32]),
                        "switchboard.push.subscriptions.allow-http-endpoints",
                        "true",
                        "switchboard.push.sync.max-attempts",
                        "2",
                        "switchboard.push.sync.initial-backoff",
                        "PT0.2S",
                        "switchboard.push.sync.max-backoff",
                        "PT0.5S",
                        "switchboard.push.sync.attempt-timeout",
                        "PT20S"));
        Path logs = WORK.resolve("logs");
        // The member first: every other service is its client.
        for (SuiteService service :
                List.of(SuiteService.CACHE, SuiteService.GATEWAY, SuiteService.WORKER, SuiteService.PUSH)) {
            Map<String, String> properties = new HashMap<>(common);
            properties.putAll(own.get(service));
            SERVICES.put(
                    service,
                    ServiceProcess.of(service, service.module(), Chart.HOME, logs, FreePorts.next(), "256m", properties)
                            .start());
            if (service == SuiteService.CACHE) {
                SERVICES.get(service).awaitReady(READY);
            }
        }
        SERVICES.values().forEach(service -> service.awaitReady(READY));
        prometheus = startPrometheus();
    }

    @AfterAll
    static void stopEverything() {
        if (prometheus != null) {
            prometheus.destroy();
        }
        for (Set<SuiteService> stage : SuiteService.stopOrder()) {
            stage.stream()
                    .map(SERVICES::get)
                    .filter(Objects::nonNull)
                    .parallel()
                    .forEach(ServiceProcess::stop);
        }
        if (peers != null) {
            peers.stop(0);
        }
    }

    @Test
    void everyPanelQueryAndAlertExpressionFindsSeriesInWhatTheServicesExport() throws Exception {
        drive();
        Map<String, String> queries = new LinkedHashMap<>();
        DashboardsTest.queries()
                .forEach(query -> queries.put(
                        query.replace("$namespace", Chart.NAMESPACE).replace("$__rate_interval", "1m"), "panel"));
        JsonNode groups = Chart.minimal()
                .get("PrometheusRule", "sb-switchboard")
                .path("spec")
                .path("groups");
        groups.forEach(group -> group.path("rules")
                .forEach(rule -> queries.put(
                        signal(rule.path("expr").asText()),
                        "alert " + rule.path("alert").asText())));
        assertThat(queries).hasSizeGreaterThan(30);

        List<String> empty = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.multipliedBy(2).toNanos();
        for (Map.Entry<String, String> query : queries.entrySet()) {
            while (series(query.getKey()) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1000);
            }
            if (series(query.getKey()) == 0) {
                empty.add(query.getValue() + ": " + query.getKey());
            }
        }
        assertThat(empty)
                .as("queries that find no series in what the suite exports")
                .isEmpty();
    }

    /** An alert expression with its comparisons made {@code bool}: one series per input series, firing or not. */
    static String signal(String expression) {
        return expression.replaceAll("\\s([<>]=?|==|!=)\\s+(?!bool)", " $1 bool ");
    }

    /** Every path the dashboards show, once. */
    private static void drive() throws Exception {
        URI gateway = base(SuiteService.GATEWAY);
        // Messages both ways over WebSocket; an invalid frame; a background sync whose upstream always fails.
        String lastEventId;
        try (TestWebSocket socket = TestWebSocket.connect(ws(gateway, "/ws"), bearer(USER_TOKEN))) {
            socket.frames().next(WAIT);
            socket.send("{\"type\":\"message\",\"data\":\"hello\"}");
            socket.frames().nextMatching(frame -> frame.contains("\"type\":\"message\""), WAIT);
            socket.send("not json");
            socket.frames().nextMatching(frame -> frame.contains("\"type\":\"error\""), WAIT);
            socket.send("{\"type\":\"sync\",\"data\":{\"tag\":\"doomed\",\"payload\":{\"cart\":1}}}");
            socket.frames().nextMatching(frame -> frame.contains("\"type\":\"ack\""), WAIT);
            // A push to the connected user wakes its worker.
            assertThat(post(
                                    base(SuiteService.PUSH),
                                    "/push/users/" + USER + "/messages",
                                    "{\"payload\":\"hi\"}",
                                    PUBLISHER_TOKEN)
                            .statusCode())
                    .isEqualTo(202);
            socket.frames().nextMatching(frame -> frame.contains("\"type\":\"notification\""), WAIT);
        }
        // SSE: a stream, then a resume from its last event, and one from a position that is not one.
        try (TestEventSource stream = TestEventSource.open(gateway.resolve("/sse"), bearer(USER_TOKEN))) {
            String clientId = JSON.readTree(stream.events().next(WAIT).data())
                    .get("clientId")
                    .asText();
            assertThat(post(
                                    gateway,
                                    "/clients/" + clientId + "/messages",
                                    "{\"type\":\"message\",\"data\":1}",
                                    USER_TOKEN)
                            .statusCode())
                    .isEqualTo(202);
            lastEventId = stream.events()
                    .nextMatching(event -> event.type().equals("message"), WAIT)
                    .id();
        }
        try (TestEventSource resumed = TestEventSource.open(
                        gateway.resolve("/sse"),
                        Map.of("Last-Event-ID", lastEventId, "Authorization", "Bearer " + USER_TOKEN));
                TestEventSource unknown = TestEventSource.open(
                        gateway.resolve("/sse"),
                        Map.of("Last-Event-ID", "nonsense", "Authorization", "Bearer " + USER_TOKEN))) {
            resumed.events().next(WAIT);
            unknown.events().next(WAIT);
        }
        // A connect without a token and a page of a foreign origin are refused; a request under the fetch path
        // outside every scope is answered (and timed).
        try (RawWebSocket anonymous = RawWebSocket.connect("127.0.0.1", gateway.getPort(), "/ws", Map.of());
                RawWebSocket foreign = RawWebSocket.connect(
                        "127.0.0.1",
                        gateway.getPort(),
                        "/ws",
                        Map.of("Origin", "https://evil.example", "Authorization", "Bearer " + USER_TOKEN))) {
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(foreign.status()).isEqualTo(403);
        }
        assertThat(send(gateway, "GET", "/app/index.html", null, USER_TOKEN).statusCode())
                .isEqualTo(404);
        slowClient(gateway);
        cache(base(SuiteService.CACHE));
        webPush(base(SuiteService.PUSH));
        try (TestTopic events = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.EVENTS)) {
            events.sendGarbage("not-a-client", "not a CloudEvent".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A peer that stops reading while its deliveries keep coming: closed as a slow consumer, the rest dropped. */
    private static void slowClient(URI gateway) throws Exception {
        try (RawWebSocket slow = RawWebSocket.connect("127.0.0.1", gateway.getPort(), "/ws", bearer(USER_TOKEN), 4096);
                TestTopic deliveries =
                        new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.DELIVERIES)) {
            String clientId = JSON.readTree(new String(slow.read(WAIT).payload(), StandardCharsets.UTF_8))
                    .get("clientId")
                    .asText();
            deliveries.sendAll(IntStream.range(0, 600)
                    .mapToObj(i -> SwitchboardEvents.clientDelivery(
                            ServiceSources.of("test", "observability"),
                            clientId,
                            null,
                            ("\"" + "x".repeat(200) + "\"").getBytes(StandardCharsets.UTF_8)))
                    .toList());
            // The peer reads nothing until the node has given up on it, then finds the close behind what was sent.
            String closed = "switchboard_gateway_closes_total{reason=\"slow_consumer\"}";
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!get(gateway, "/q/metrics").body().contains(closed) && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            RawWebSocket.Frame frame;
            do {
                frame = slow.read(WAIT);
                assertThat(frame).as("the stalled peer is closed").isNotNull();
            } while (frame.opcode() != 0x8);
            assertThat(frame.closeCode()).isEqualTo(4008);
        }
    }

    /** Cache API: a hit, a miss, and more than the origin's quota (evictions). */
    private static void cache(URI cache) throws Exception {
        String origin = "?origin=" + URLEncoder.encode("https://shop.example", StandardCharsets.UTF_8);
        String body = Base64.getEncoder().encodeToString("x".repeat(600).getBytes(StandardCharsets.UTF_8));
        assertThat(send(cache, "PUT", "/storage/caches/v1" + origin, null, PUBLISHER_TOKEN)
                        .statusCode())
                .isEqualTo(204);
        for (int i = 0; i < 6; i++) {
            assertThat(send(
                                    cache,
                                    "POST",
                                    "/storage/caches/v1/put" + origin,
                                    "{\"request\":{\"url\":\"/p" + i + "\"},\"response\":{\"status\":200,\"body\":\""
                                            + body + "\"}}",
                                    PUBLISHER_TOKEN)
                            .statusCode())
                    .isEqualTo(204);
        }
        send(cache, "POST", "/storage/caches/v1/match" + origin, "{\"request\":{\"url\":\"/p5\"}}", PUBLISHER_TOKEN);
        send(
                cache,
                "POST",
                "/storage/caches/v1/match" + origin,
                "{\"request\":{\"url\":\"/missing\"}}",
                PUBLISHER_TOKEN);
    }

    /** Web Push: one subscription whose push service accepts, one whose push service answers 410 Gone. */
    private static void webPush(URI push) throws Exception {
        String peersUrl = "http://127.0.0.1:" + peers.getAddress().getPort();
        for (String user : List.of("delivered-user", "gone-user")) {
            String endpoint = peersUrl + (user.startsWith("gone") ? "/push/gone/" : "/push/ok/") + UUID.randomUUID();
            HttpResponse<String> created = post(
                    push,
                    "/push/users/" + user + "/subscriptions",
                    JSON.writeValueAsString(Map.of(
                            "endpoint", endpoint, "keys", Map.of("p256dh", p256dh(), "auth", base64Url(new byte[16])))),
                    PUBLISHER_TOKEN);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(post(push, "/push/users/" + user + "/messages", "{\"payload\":\"away\"}", PUBLISHER_TOKEN)
                            .statusCode())
                    .isEqualTo(202);
        }
    }

    /** The test's own HTTP peers: the echo worker's sync upstream (always 500) and two push services. */
    private static HttpServer peers() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sync", exchange -> answer(exchange, 500));
        server.createContext("/push/ok/", exchange -> answer(exchange, 201));
        server.createContext("/push/gone/", exchange -> answer(exchange, 410));
        server.start();
        return server;
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** Debian's Prometheus scraping every service each second, labelled as the chart's ServiceMonitor labels them. */
    private static Process startPrometheus() throws Exception {
        StringBuilder config =
                new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n");
        Map<SuiteService, String> jobs = Map.of(
                SuiteService.GATEWAY,
                "gateway",
                SuiteService.WORKER,
                "worker",
                SuiteService.CACHE,
                "cache",
                SuiteService.PUSH,
                "push");
        SERVICES.forEach((service, process) -> config.append(
                """
                  - job_name: switchboard-%s
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                        labels: {namespace: %s, pod: %s-0, service: sb-switchboard-%s}
                """
                        .formatted(
                                jobs.get(service),
                                process.httpPort(),
                                Chart.NAMESPACE,
                                jobs.get(service),
                                jobs.get(service))));
        Path file = WORK.resolve("prometheus.yml");
        Files.writeString(file, config);
        int port = FreePorts.next();
        prometheusApi = URI.create("http://127.0.0.1:" + port);
        Path data = WORK.resolve("prometheus-data");
        Process process = new ProcessBuilder(
                        "prometheus",
                        "--config.file=" + file,
                        "--storage.tsdb.path=" + data,
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(WORK.resolve("prometheus.log").toFile())
                .start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (get(prometheusApi, "/-/ready").statusCode() == 200) {
                    LOG.infof("Prometheus scraping the suite at %s", prometheusApi);
                    return process;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertThat(process.isAlive())
                    .as("prometheus runs; see %s", WORK.resolve("prometheus.log"))
                    .isTrue();
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus did not get ready; see " + WORK.resolve("prometheus.log"));
    }

    private static int series(String query) {
        try {
            HttpResponse<String> response =
                    get(prometheusApi, "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("status").asText())
                    .as("%s: %s", query, response.body())
                    .isEqualTo("success");
            return body.path("data").path("result").size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static URI base(SuiteService service) {
        return URI.create("http://127.0.0.1:" + SERVICES.get(service).httpPort());
    }

    private static URI ws(URI http, String path) {
        return URI.create("ws://" + http.getHost() + ":" + http.getPort() + path);
    }

    private static HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(URI base, String path, String json, String token)
            throws IOException, InterruptedException {
        return send(base, "POST", path, json, token);
    }

    private static HttpResponse<String> send(URI base, String method, String path, String json, String token)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .method(
                                method,
                                json == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    /** A browser's p256dh: an uncompressed P-256 public point. */
    private static String p256dh() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        ECPublicKey key = (ECPublicKey) generator.generateKeyPair().getPublic();
        byte[] point = new byte[65];
        point[0] = 4;
        copyUnsigned(key.getW().getAffineX().toByteArray(), point, 1);
        copyUnsigned(key.getW().getAffineY().toByteArray(), point, 33);
        return base64Url(point);
    }

    private static void copyUnsigned(byte[] coordinate, byte[] into, int offset) {
        int length = Math.min(coordinate.length, 32);
        System.arraycopy(coordinate, coordinate.length - length, into, offset + 32 - length, length);
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
