package dev.switchboard.local.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.local.ServiceProcess;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.clients.TestTopic;

/**
 * Not a test: a measurement (see docs/benchmarks.md). One gateway process (the packaged jar) on a real
 * broker and Hazelcast member; this JVM opens N WebSocket connections to it, then measures
 * <ul>
 * <li>the gateway's heap per connection (heap after a full GC with N connections, minus before, over N);</li>
 * <li>fan-out: user deliveries that each reach all N connections, as frames per second received;</li>
 * <li>per-client deliveries: one delivery to each connection, as deliveries per second.</li>
 * </ul>
 * Arguments: {@code [connections=10000] [fanOutRounds=20]}.
 */
public final class GatewayConnectionBenchmark {

    private static final BenchSupport.Report REPORT = new BenchSupport.Report("gateway-connections.txt");
    private static final Duration DELIVERED = Duration.ofMinutes(5);
    private static final Pattern HEAP =
            Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\",id=\"([^\"]+)\"} ([0-9.E+]+)");

    private GatewayConnectionBenchmark() {}

    /** An anonymous user: its token, and its id as the client registry has it. */
    private record AnonymousUser(String token, String id) {}

    private static AnonymousUser anonymousUser(HttpClient http, ServiceProcess gateway) throws Exception {
        CompletableFuture<String> welcome = new CompletableFuture<>();
        WebSocket first = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + gateway.httpPort() + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        welcome.complete(data.toString());
                        return null;
                    }
                })
                .get(30, TimeUnit.SECONDS);
        JsonNode frame = new ObjectMapper().readTree(welcome.get(30, TimeUnit.SECONDS));
        String id = SharedInfrastructure.hazelcast()
                .member(0)
                .<String, ClientRecord>getMap(HazelcastNames.CLIENTS)
                .get(frame.get("clientId").asText())
                .userId();
        first.abort();
        return new AnonymousUser(frame.get("anonymousToken").asText(), id);
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        // Every connection comes from this machine, as one user.
        ServiceProcess gateway =
                BenchSupport.startGateway("gateway-bench", "1g", BenchSupport.gatewayConfig("bench", connections));
        int status = 0;
        try {
            gateway.awaitReady(BenchSupport.READY);
            run(gateway, connections, rounds);
        } catch (Throwable failure) {
            REPORT.line("benchmark failed: %s", failure);
            status = 1;
        } finally {
            gateway.stop();
        }
        System.exit(status);
    }

    private static void run(ServiceProcess gateway, int connections, int rounds) throws Exception {
        URI base = URI.create("http://127.0.0.1:" + gateway.httpPort());
        double heapBefore = heapAfterGc(gateway, base);
        AtomicLong received = new AtomicLong();
        List<String> clientIds = new ArrayList<>(connections);
        List<WebSocket> sockets = new ArrayList<>(connections);
        HttpClient http = HttpClient.newHttpClient();
        // One anonymous user for every connection: the token the first connect created, presented by all of them.
        AnonymousUser user = anonymousUser(http, gateway);
        long openStart = System.nanoTime();
        clientIds.addAll(BenchSupport.openAll(connections, i -> {
            CompletableFuture<String> welcome = new CompletableFuture<>();
            // A connection counts as open once welcomed (recorded in the registry), not at the 101.
            http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + user.token())
                    .buildAsync(
                            URI.create("ws://127.0.0.1:" + gateway.httpPort() + "/ws"), new Counting(welcome, received))
                    .whenComplete((socket, failure) -> {
                        if (failure != null) {
                            welcome.completeExceptionally(failure);
                        } else {
                            synchronized (sockets) {
                                sockets.add(socket);
                            }
                        }
                    });
            return welcome;
        }));
        double openSeconds = (System.nanoTime() - openStart) / 1e9;
        double heapAfter = heapAfterGc(gateway, base);
        REPORT.line(
                "opened %d WebSocket connections in %.1f s (%.0f/s)",
                connections, openSeconds, connections / openSeconds);
        REPORT.line(
                "gateway heap after GC: %.1f MiB idle, %.1f MiB with %d connections: %.1f KiB per connection",
                heapBefore / 1048576, heapAfter / 1048576, connections, (heapAfter - heapBefore) / connections / 1024);

        try (TestTopic deliveries = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.DELIVERIES)) {
            received.set(0);
            long expected = (long) rounds * connections;
            long fanOutStart = System.nanoTime();
            deliveries.sendAll(IntStream.range(0, rounds)
                    .mapToObj(round -> SwitchboardEvents.userDelivery(
                            ServiceSources.of("bench", "b"),
                            user.id(),
                            ("{\"round\":" + round + "}").getBytes(StandardCharsets.UTF_8)))
                    .toList());
            BenchSupport.awaitCount(received::get, expected, DELIVERED);
            double fanOutSeconds = (System.nanoTime() - fanOutStart) / 1e9;
            REPORT.line(
                    "fan-out: %d user deliveries x %d connections = %d frames in %.2f s: %.0f frames/s",
                    rounds, connections, expected, fanOutSeconds, expected / fanOutSeconds);

            received.set(0);
            long directStart = System.nanoTime();
            deliveries.sendAll(clientIds.stream()
                    .map(clientId -> SwitchboardEvents.clientDelivery(
                            ServiceSources.of("bench", "b"),
                            clientId,
                            null,
                            "{\"direct\":true}".getBytes(StandardCharsets.UTF_8)))
                    .toList());
            BenchSupport.awaitCount(received::get, connections, DELIVERED);
            double directSeconds = (System.nanoTime() - directStart) / 1e9;
            REPORT.line(
                    "per-client: %d deliveries (one per connection, through Kafka) in %.2f s: %.0f deliveries/s",
                    connections, directSeconds, connections / directSeconds);
        }
        synchronized (sockets) {
            sockets.forEach(WebSocket::abort);
        }
    }

    /** Heap used by the gateway right after a full GC (jcmd GC.run), from its Prometheus metrics. */
    private static double heapAfterGc(ServiceProcess gateway, URI base) throws Exception {
        new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        String.valueOf(gateway.pid()),
                        "GC.run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor(60, TimeUnit.SECONDS);
        Thread.sleep(500);
        String metrics = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(base.resolve("/q/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        double used = 0;
        Matcher matcher = HEAP.matcher(metrics);
        while (matcher.find()) {
            used += Double.parseDouble(matcher.group(2));
        }
        return used;
    }

    /** Counts message frames; completes {@code welcome} with the client id of the first frame. */
    private static final class Counting implements WebSocket.Listener {

        private final CompletableFuture<String> welcome;
        private final AtomicLong received;
        private final StringBuilder partial = new StringBuilder();

        Counting(CompletableFuture<String> welcome, AtomicLong received) {
            this.welcome = welcome;
            this.received = received;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                if (!welcome.isDone()) {
                    int start = frame.indexOf("\"clientId\":\"") + 12;
                    welcome.complete(frame.substring(start, frame.indexOf('"', start)));
                } else if (frame.startsWith("{\"type\":\"message\"")) {
                    received.incrementAndGet();
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            welcome.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
            return null;
        }
    }
}
