package dev.switchboard.local.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import dev.switchboard.embedded.FreePorts;
import dev.switchboard.local.ServiceProcess;
import dev.switchboard.testsupport.clients.ChannelClient;

/**
 * Not a test: a measurement (see docs/benchmarks.md, "Channels: fan-out to 10,000 subscribers over two nodes").
 * One channel with N subscribers split over two nodes, a publisher on the first node sending M publications that
 * carry their send time; measured against Socket.IO rooms on two nodes (test-tools/bench/socketio-fanout.js: a node
 * cluster with {@code @socket.io/cluster-adapter}), alternately in one session, with the same load from the same
 * client code (the JDK's WebSocket client; each system's own frames). Each run, per system:
 * <ol>
 * <li>opens N subscribers (at most 32 being admitted at a time; admitted = subscription confirmed) and a publisher;</li>
 * <li>burst: M publications sent back to back; delivered publications per second until the last of the M×N
 * arrived, and their publish→receive latency (queueing included: this is the system at saturation);</li>
 * <li>paced: M publications at a fixed rate; publish→receive latency at a load both systems keep up with;</li>
 * <li>closes the connections and waits for the gateways to have forgotten them.</li>
 * </ol>
 * Arguments: {@code [subscribers=10000] [messages=20] [rate=1] [pairs=3] [envelope=false]}; with {@code envelope}
 * a third system in each pair: the same Socket.IO rooms, each publication wrapped in Switchboard's envelope (type,
 * channel, a new event id), so that its frames are as long as Switchboard's.
 */
public final class ChannelFanOutBenchmark {

    private static final Logger LOG = Logger.getLogger(ChannelFanOutBenchmark.class);
    private static final BenchSupport.Report REPORT = new BenchSupport.Report("channel-fanout.txt");
    private static final String NAMESPACE = "bench";
    private static final String CHANNEL = NAMESPACE + ":fanout";
    private static final String ROOM = CHANNEL;
    /** The JDK client reads each HttpClient's sockets on one selector thread: one per core keeps it off the bound. */
    private static final int HTTP_CLIENTS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private static final Duration DELIVERED = Duration.ofMinutes(3);
    private static final Duration SETTLED = Duration.ofSeconds(60);
    private static final int WARM_UP_SUBSCRIBERS = 1_000;
    private static final double WARM_UP_SCALE = 5;

    private ChannelFanOutBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        int subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        double rate = args.length > 2 ? Double.parseDouble(args[2]) : 1;
        int pairs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        // Also Socket.IO sending Switchboard's envelope (type, channel, event id) with each publication: the same
        // bytes.
        boolean envelope = args.length > 4 && Boolean.parseBoolean(args[4]);
        Path script = Path.of(System.getProperty(
                        "switchboard.test-tools",
                        BenchSupport.home().resolve("test-tools").toString()))
                .resolve("bench/socketio-fanout.js");
        if (!Files.isDirectory(script.getParent().resolveSibling("node_modules/socket.io"))) {
            throw new IllegalStateException("socket.io is not installed: run npm ci in "
                    + script.getParent().getParent());
        }
        List<ServiceProcess> gateways = Stream.of("fanout-a", "fanout-b")
                .map(node -> BenchSupport.startGateway(node, "1g", gatewayConfig(node, subscribers)))
                .toList();
        SocketIoNodes socketIo = null;
        int status = 0;
        try {
            socketIo = SocketIoNodes.start(script);
            for (ServiceProcess gateway : gateways) {
                gateway.awaitReady(BenchSupport.READY);
                ChannelClient.awaitFeedLive(URI.create("http://127.0.0.1:" + gateway.httpPort()), NAMESPACE);
            }
            List<Peer> peers =
                    new ArrayList<>(List.of(new SwitchboardPeer(gateways), new SocketIoPeer(socketIo.ports(), false)));
            if (envelope) {
                peers.add(new SocketIoPeer(socketIo.ports(), true));
            }
            REPORT.line(
                    "# channel fan-out, %s, %d cores, JDK %s: %d subscribers over 2 nodes, %d publications a "
                            + "phase (burst, then paced at %.1f/s), %d pairs, after a warm-up of each with %d subscribers; load average "
                            + "%.1f",
                    Instant.now(),
                    Runtime.getRuntime().availableProcessors(),
                    Runtime.version(),
                    subscribers,
                    messages,
                    rate,
                    pairs,
                    Math.min(subscribers, WARM_UP_SUBSCRIBERS),
                    loadAverage());
            // The warm-up: fewer subscribers, more publications, the same deliveries per second offered when paced.
            int warmUpSubscribers = Math.min(subscribers, WARM_UP_SUBSCRIBERS);
            double scale = subscribers / (double) warmUpSubscribers;
            for (Peer peer : peers) {
                REPORT.line(
                        "warm-up: %s",
                        run(
                                peer,
                                warmUpSubscribers,
                                (int) Math.round(messages * Math.min(scale, WARM_UP_SCALE)),
                                rate * scale,
                                gateways,
                                socketIo));
            }
            // Per other system, per pair: Switchboard's burst delivered/s, burst p99, paced p50, paced p99 and servers'
            // CPU per delivery over the other's.
            List<List<double[]>> ratios = peers.stream()
                    .skip(1)
                    .map(peer -> (List<double[]>) new ArrayList<double[]>())
                    .toList();
            for (int pair = 1; pair <= pairs; pair++) {
                List<Result> results = new ArrayList<>();
                for (Peer peer : peers) {
                    results.add(run(peer, subscribers, messages, rate, gateways, socketIo));
                    REPORT.line("pair %d: %s", pair, results.get(results.size() - 1));
                }
                Result switchboard = results.get(0);
                for (int other = 1; other < results.size(); other++) {
                    Result peer = results.get(other);
                    ratios.get(other - 1).add(new double[] {
                        switchboard.burst().deliveredPerSecond() / peer.burst().deliveredPerSecond(),
                        switchboard.burst().p99() / peer.burst().p99(),
                        switchboard.paced().p50() / peer.paced().p50(),
                        switchboard.paced().p99() / peer.paced().p99(),
                        switchboard.serverCpuPerDelivery() / peer.serverCpuPerDelivery()
                    });
                }
            }
            for (int other = 1; other < peers.size(); other++) {
                List<double[]> rows = ratios.get(other - 1);
                REPORT.line(
                        "# ratios (Switchboard / %s), medians of %d pairs: burst delivered/s %.2fx (pairs %s), "
                                + "burst p99 %.2fx; paced p50 %.2fx, paced p99 %.2fx (pairs %s); servers' CPU per delivery "
                                + "%.2fx (pairs %s)",
                        peers.get(other).name(),
                        pairs,
                        median(rows, 0),
                        column(rows, 0),
                        median(rows, 1),
                        median(rows, 2),
                        median(rows, 3),
                        column(rows, 3),
                        median(rows, 4),
                        column(rows, 4));
            }
        } catch (Throwable failure) {
            REPORT.line("benchmark failed: %s", failure);
            LOG.error("benchmark failed", failure);
            status = 1;
        } finally {
            gateways.parallelStream().forEach(ServiceProcess::stop);
            if (socketIo != null) {
                socketIo.close();
            }
        }
        System.exit(status);
    }

    private static Map<String, String> gatewayConfig(String node, int subscribers) {
        Map<String, String> properties = BenchSupport.gatewayConfig(node, subscribers);
        properties.put("switchboard.channels.namespaces." + NAMESPACE + ".publish", "ANY");
        // The publisher sends back to back; the per-connection rate limit is not what is measured.
        properties.put("switchboard.gateway.limits.messages-per-second", "100000");
        properties.put("switchboard.gateway.limits.message-burst", "100000");
        return properties;
    }

    /** One run of one system: open, burst, paced, close. */
    private static Result run(
            Peer peer,
            int subscribers,
            int messages,
            double rate,
            List<ServiceProcess> gateways,
            SocketIoNodes socketIo)
            throws Exception {
        List<HttpClient> clients =
                Stream.generate(HttpClient::newHttpClient).limit(HTTP_CLIENTS).toList();
        List<WebSocket> sockets = new ArrayList<>(subscribers + 1);
        Phase[] current = new Phase[1];
        Subscriber.Sink sink = (nanos, frame) -> {
            Phase phase = current[0];
            if (phase != null) {
                phase.record(nanos, frame);
            }
        };
        double load = loadAverage();
        long openStart = System.nanoTime();
        List<Subscriber> listeners = new ArrayList<>(subscribers);
        try {
            sockets.addAll(BenchSupport.openAll(subscribers, i -> {
                Subscriber listener = new Subscriber(peer, true, sink);
                listeners.add(listener);
                return open(clients.get(i % clients.size()), peer.uri(i), listener);
            }));
        } catch (java.util.concurrent.TimeoutException late) {
            Map<String, Long> states = listeners.stream()
                    .filter(listener -> !listener.admitted.isDone())
                    .collect(java.util.stream.Collectors.groupingBy(
                            listener -> listener.state, java.util.stream.Collectors.counting()));
            throw new IllegalStateException(
                    peer.name() + ": not admitted in time, by the last frame each received: " + states, late);
        }
        double openSeconds = (System.nanoTime() - openStart) / 1e9;
        Subscriber publishing = new Subscriber(peer, false, sink);
        WebSocket publisher =
                open(clients.get(0), peer.uri(0), publishing).get(BenchSupport.OPENED.toSeconds(), TimeUnit.SECONDS);
        sockets.add(publisher);
        List<ProcessHandle> servers = peer instanceof SwitchboardPeer
                ? gateways.stream()
                        .map(gateway -> ProcessHandle.of(gateway.pid()).orElseThrow())
                        .toList()
                : socketIo.processes();
        try {
            long cpuBefore = cpuNanos(servers);
            long ownBefore = cpuNanos(List.of(ProcessHandle.current()));
            Map<Long, ThreadCpu> threadsBefore = ThreadCpu.now();
            current[0] = new Phase(messages, subscribers);
            Phase burst = publish(peer, publisher, publishing, current[0], messages, 0);
            long serverCpu = cpuNanos(servers) - cpuBefore;
            long ownCpu = cpuNanos(List.of(ProcessHandle.current())) - ownBefore;
            Map<String, Long> ownByPart = ThreadCpu.since(threadsBefore, ownCpu);
            current[0] = new Phase(messages, subscribers);
            Phase paced = publish(peer, publisher, publishing, current[0], messages, rate);
            current[0] = null;
            return new Result(
                    peer.name(),
                    subscribers,
                    openSeconds,
                    burst.summary(),
                    paced.summary(),
                    serverCpu / (double) burst.expected(),
                    ownCpu / (double) burst.expected(),
                    ownByPart,
                    load);
        } finally {
            sockets.forEach(WebSocket::abort);
            peer.awaitForgotten(subscribers);
        }
    }

    /** Sends {@code messages} publications, back to back ({@code rate} 0) or paced, and waits for all deliveries. */
    private static Phase publish(
            Peer peer, WebSocket publisher, Subscriber publishing, Phase phase, int messages, double rate)
            throws Exception {
        long start = System.nanoTime();
        phase.start(start);
        for (int n = 0; n < messages; n++) {
            if (rate > 0) {
                long due = start + (long) (n * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            publishing.send(publisher, peer.publishFrame(n, System.nanoTime())).get(30, TimeUnit.SECONDS);
        }
        BenchSupport.awaitCount(phase::received, phase.expected(), DELIVERED);
        return phase;
    }

    /** Opens one connection; completes once it is admitted: a subscriber once subscribed, the publisher once connected. */
    private static CompletableFuture<WebSocket> open(HttpClient http, URI uri, Subscriber listener) {
        CompletableFuture<WebSocket> socket = http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .buildAsync(uri, listener);
        socket.whenComplete((open, failure) -> {
            if (failure != null) {
                listener.admitted.completeExceptionally(failure);
            }
        });
        return socket.thenCombine(listener.admitted, (open, ignored) -> open);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long cpuNanos(List<ProcessHandle> processes) {
        return processes.stream()
                .mapToLong(process ->
                        process.info().totalCpuDuration().orElse(Duration.ZERO).toNanos())
                .sum();
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(row -> row[column]).sorted().toArray();
        return values.length % 2 == 1
                ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private static String column(List<double[]> rows, int column) {
        return rows.stream()
                .map(row -> String.format(java.util.Locale.ROOT, "%.2f", row[column]))
                .toList()
                .toString();
    }

    /** What differs between the two systems: where to connect and their frames. */
    private interface Peer {
        String name();

        /** The node of the {@code index}-th subscriber: the nodes in turn. */
        URI uri(int index);

        /** The answer to a frame of the transport itself (Engine.IO's open and ping), or null. */
        default String transportAnswer(String frame) {
            return null;
        }

        Frames frames();

        String publishFrame(int n, long sentNanos);

        /** Waits until the servers no longer hold the closed connections (a closed node is not still busy with them). */
        default void awaitForgotten(int connections) throws Exception {}
    }

    /**
     * How the frames start that say: connected (ready to subscribe or publish), subscribed, refused, a publication;
     * and the subscribe frame.
     */
    private record Frames(String connected, String subscribed, String refused, String publication, String subscribe) {}

    /** Switchboard's frames (docs/protocol.md "Channels"); every subscriber a new anonymous user. */
    private record SwitchboardPeer(List<ServiceProcess> gateways) implements Peer {

        @Override
        public String name() {
            return "switchboard";
        }

        @Override
        public URI uri(int index) {
            return URI.create(
                    "ws://127.0.0.1:" + gateways.get(index % gateways.size()).httpPort() + "/ws");
        }

        @Override
        public Frames frames() {
            return new Frames(
                    "{\"type\":\"welcome\"",
                    "{\"type\":\"subscribed\"",
                    "{\"type\":\"error\"",
                    "{\"type\":\"publication\"",
                    "{\"type\":\"subscribe\",\"channel\":\"" + CHANNEL + "\",\"ref\":\"s\"}");
        }

        @Override
        public String publishFrame(int n, long sentNanos) {
            return "{\"type\":\"publish\",\"channel\":\"" + CHANNEL + "\",\"data\":{\"t\":" + sentNanos + ",\"n\":" + n
                    + "}}";
        }

        @Override
        public void awaitForgotten(int connections) throws Exception {
            long deadline = System.nanoTime() + SETTLED.toNanos();
            for (ServiceProcess gateway : gateways) {
                while (!BenchSupport.metrics(gateway)
                        .lines()
                        .filter(line -> line.startsWith("switchboard_gateway_connections{"))
                        .allMatch(line -> line.endsWith(" 0.0"))) {
                    if (System.nanoTime() > deadline) {
                        LOG.warnf("%s still holds connections after %s", gateway.name(), SETTLED);
                        return;
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    /**
     * Socket.IO's frames: Engine.IO 4 over the WebSocket transport, as socket.io-client speaks it with
     * {@code transports: ["websocket"]} ({@code 0} open, {@code 40} connect to the main namespace, {@code 2}/{@code 3}
     * ping/pong, {@code 42[...]} an event, {@code 43<id>[...]} its acknowledgement).
     */
    private record SocketIoPeer(List<Integer> ports, boolean envelope) implements Peer {

        @Override
        public String name() {
            return envelope ? "socket.io+envelope" : "socket.io";
        }

        @Override
        public URI uri(int index) {
            return URI.create(
                    "ws://127.0.0.1:" + ports.get(index % ports.size()) + "/socket.io/?EIO=4&transport=websocket");
        }

        @Override
        public String transportAnswer(String frame) {
            if (frame.equals("2")) {
                return "3";
            }
            return frame.startsWith("0{") ? "40" : null;
        }

        @Override
        public Frames frames() {
            return new Frames("40", "431", "44", "42[\"publication\"", "421[\"subscribe\",\"" + ROOM + "\"]");
        }

        @Override
        public String publishFrame(int n, long sentNanos) {
            return "42[\"publish\",{\"room\":\"" + ROOM + "\",\"envelope\":" + envelope + ",\"data\":{\"t\":"
                    + sentNanos + ",\"n\":" + n + "}}]";
        }
    }

    /** A connection's listener: answers what admission needs, then records each publication's latency. */
    private static final class Subscriber implements WebSocket.Listener {

        interface Sink {
            void received(long latencyNanos, String frame);
        }

        private final Peer peer;
        private final boolean subscribe;
        private final CompletableFuture<Void> admitted = new CompletableFuture<>();
        private final Sink sink;
        private final StringBuilder partial = new StringBuilder();
        /** The start of the last frame before admission (for a benchmark that fails to admit everyone). */
        private volatile String state = "(none: not upgraded)";

        private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);

        Subscriber(Peer peer, boolean subscribe, Sink sink) {
            this.peer = peer;
            this.subscribe = subscribe;
            this.sink = sink;
        }

        @Override
        public void onOpen(WebSocket socket) {
            state = "(upgraded, no frame)";
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            if (!last || !partial.isEmpty()) {
                partial.append(data);
            }
            if (last) {
                String frame = partial.isEmpty() ? data.toString() : partial.toString();
                partial.setLength(0);
                if (subscribe && frame.startsWith(peer.frames().publication())) {
                    sink.received(now - sentNanos(frame), frame);
                } else {
                    String before = state;
                    if (!admitted.isDone()) {
                        state = frame.substring(0, Math.min(frame.length(), 60));
                    }
                    String answer = answer(frame);
                    if (answer != null) {
                        send(socket, answer).whenComplete((sent, failure) -> {
                            if (failure != null) {
                                admitted.completeExceptionally(
                                        new IllegalStateException("answering " + frame + " after " + before, failure));
                            }
                        });
                    }
                }
            }
            socket.request(1);
            return null;
        }

        /** What to send in answer to a frame on the way to being admitted, or null; completes {@link #admitted}. */
        private String answer(String frame) {
            String transport = peer.transportAnswer(frame);
            if (transport != null) {
                return transport;
            }
            Frames frames = peer.frames();
            if (frame.startsWith(frames.connected())) {
                if (subscribe) {
                    return frames.subscribe();
                }
                admitted.complete(null);
            } else if (frame.startsWith(frames.subscribed())) {
                admitted.complete(null);
            } else if (frame.startsWith(frames.refused()) && !admitted.isDone()) {
                admitted.completeExceptionally(new IllegalStateException(frame));
            }
            return null;
        }

        /** Sends once the previous send completed: the JDK client refuses a send while one is pending. */
        synchronized CompletableFuture<WebSocket> send(WebSocket socket, String text) {
            CompletableFuture<WebSocket> sent = sending.thenCompose(previous -> socket.sendText(text, true));
            sending = sent.exceptionally(failure -> socket);
            return sent;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            admitted.completeExceptionally(error);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            admitted.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
            return null;
        }

        private static long sentNanos(String frame) {
            int at = frame.indexOf("\"t\":") + 4;
            int end = at;
            while (end < frame.length() && (Character.isDigit(frame.charAt(end)) || frame.charAt(end) == '-')) {
                end++;
            }
            return Long.parseLong(frame, at, end, 10);
        }
    }

    /** The latencies of one phase's M×N deliveries (at most that many kept), and when the last arrived. */
    private static final class Phase {

        private final long[] latencies;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicLong received = new AtomicLong();
        private final int messages;
        private volatile long start;
        private volatile long last;
        private volatile String sample = "";

        Phase(int messages, int subscribers) {
            this.messages = messages;
            this.latencies = new long[messages * subscribers];
        }

        void start(long nanos) {
            start = nanos;
        }

        void record(long latencyNanos, String frame) {
            int slot = next.getAndIncrement();
            if (slot == 0) {
                sample = frame;
            }
            if (slot < latencies.length) {
                latencies[slot] = latencyNanos;
            }
            received.incrementAndGet();
            last = System.nanoTime();
        }

        long received() {
            return received.get();
        }

        long expected() {
            return latencies.length;
        }

        Summary summary() {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            double seconds = (last - start) / 1e9;
            return new Summary(
                    messages,
                    received.get(),
                    seconds,
                    latencies.length / seconds,
                    percentile(sorted, 0.50),
                    percentile(sorted, 0.99),
                    sorted[sorted.length - 1] / 1e6,
                    sample);
        }

        private static double percentile(long[] sorted, double p) {
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
        }
    }

    /** One phase: deliveries per second from the first send to the last arrival, latencies in ms. */
    private record Summary(
            int messages,
            long received,
            double seconds,
            double deliveredPerSecond,
            double p50,
            double p99,
            double max,
            String sample) {

        @Override
        public String toString() {
            return String.format(
                    java.util.Locale.ROOT,
                    "%d×N=%d in %.2f s: %.0f delivered/s, p50 %.1f ms, p99 %.1f ms, " + "max %.1f ms",
                    messages,
                    received,
                    seconds,
                    deliveredPerSecond,
                    p50,
                    p99,
                    max);
        }
    }

    private record Result(
            String system,
            int subscribers,
            double openSeconds,
            Summary burst,
            Summary paced,
            double serverCpuPerDelivery,
            double ownCpuPerDelivery,
            Map<String, Long> ownByPart,
            double loadAverage) {

        @Override
        public String toString() {
            String parts = ownByPart.entrySet().stream()
                    .map(part -> String.format(
                            java.util.Locale.ROOT,
                            "%s %.1f µs",
                            part.getKey(),
                            part.getValue() / (double) burst.received() / 1e3))
                    .collect(java.util.stream.Collectors.joining(", "));
            return String.format(
                    java.util.Locale.ROOT,
                    "%-18s %d subscribers (opened in %.1f s, load average %.1f)%n"
                            + "    burst: %s; CPU per delivery: servers %.1f µs, bench JVM %.1f µs (%s)%n    paced: %s%n"
                            + "    a publication as received (%d bytes): %s",
                    system,
                    subscribers,
                    openSeconds,
                    loadAverage,
                    burst,
                    serverCpuPerDelivery / 1e3,
                    ownCpuPerDelivery / 1e3,
                    parts,
                    paced,
                    burst.sample().getBytes(StandardCharsets.UTF_8).length,
                    burst.sample());
        }
    }

    /**
     * The benchmark JVM's CPU by part, from its threads' CPU times: the WebSocket clients ({@code HttpClient-…}
     * threads), the Hazelcast member ({@code hz.…}), its other Java threads (the broker's, mostly), and what no Java
     * thread accounts for (GC, the JIT; and threads that ended meanwhile).
     */
    private record ThreadCpu(String name, long nanos) {

        static Map<Long, ThreadCpu> now() {
            java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<Long, ThreadCpu> all = new java.util.HashMap<>();
            for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null) {
                    long nanos = threads.getThreadCpuTime(info.getThreadId());
                    if (nanos >= 0) {
                        all.put(info.getThreadId(), new ThreadCpu(info.getThreadName(), nanos));
                    }
                }
            }
            return all;
        }

        /** CPU nanoseconds by part since {@code before}, of {@code processNanos} for the whole process. */
        static Map<String, Long> since(Map<Long, ThreadCpu> before, long processNanos) {
            Map<String, Long> parts = new java.util.LinkedHashMap<>();
            List.of("clients", "hazelcast", "other threads").forEach(part -> parts.put(part, 0L));
            now().forEach((id, after) -> {
                ThreadCpu earlier = before.get(id);
                long nanos = after.nanos() - (earlier == null ? 0 : earlier.nanos());
                String part = after.name().startsWith("HttpClient-")
                        ? "clients"
                        : after.name().startsWith("hz.") ? "hazelcast" : "other threads";
                parts.merge(part, nanos, Long::sum);
            });
            parts.put(
                    "GC, JIT, ended",
                    Math.max(
                            0,
                            processNanos
                                    - parts.values().stream()
                                            .mapToLong(Long::longValue)
                                            .sum()));
            return parts;
        }
    }

    /** The Socket.IO nodes: the script's node cluster, ended when its standard input closes. */
    private static final class SocketIoNodes implements AutoCloseable {

        private final Process process;
        private final List<Integer> ports;

        private SocketIoNodes(Process process, List<Integer> ports) {
            this.process = process;
            this.ports = ports;
        }

        static SocketIoNodes start(Path script) throws Exception {
            List<Integer> ports = List.of(FreePorts.next(), FreePorts.next());
            Path log = BenchSupport.home().resolve("target/benchmark/logs/socketio-fanout.log");
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(
                            "node", script.toString(), String.valueOf(ports.get(0)), String.valueOf(ports.get(1)))
                    .directory(script.getParent().getParent().toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader lines =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line = lines.readLine();
                    return line == null ? "" : line;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            String line = ready.get(BenchSupport.READY.toSeconds(), TimeUnit.SECONDS);
            if (!line.startsWith("ready ")) {
                process.destroyForcibly();
                throw new IllegalStateException("the Socket.IO nodes did not start (see " + log + "): " + line);
            }
            LOG.infof("Socket.IO nodes %s", line);
            return new SocketIoNodes(process, ports);
        }

        List<Integer> ports() {
            return ports;
        }

        /** The primary and its workers (the nodes). */
        List<ProcessHandle> processes() {
            return Stream.concat(
                            Stream.of(process.toHandle()), process.toHandle().children())
                    .toList();
        }

        @Override
        public void close() throws Exception {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.flush();
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
