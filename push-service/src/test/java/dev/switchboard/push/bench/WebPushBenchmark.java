package dev.switchboard.push.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.push.crypto.Base64Url;
import dev.switchboard.push.crypto.P256;
import dev.switchboard.push.crypto.VapidSigner;
import dev.switchboard.push.crypto.WebPushEncryption;

/**
 * Web Push message preparation next to node {@code web-push} 3.6.7 (what a user would pick instead), alternated in
 * one run. Per message push-service encrypts the payload (a fresh ephemeral P-256 key, ECDH, the RFC 8291 key
 * schedule, AES-128-GCM) and takes the VAPID JWT it keeps per push service origin; node web-push's
 * {@code generateRequestDetails} encrypts the same way and signs a new JWT per call
 * ({@code src/test/resources/web-push-benchmark.js}). Each pair runs both, one thread each, back to back; the report
 * gives every pair's ratio and their median, by messages per second and by CPU per message (the steadier of the two
 * on a shared machine). Before the pairs it prices each cryptographic operation with the JDK's provider and with
 * Bouncy Castle's lightweight API, the choice {@code P256} and {@code WebPushEncryption} made. Not part of the build;
 * run as docs/push.md says. System properties: {@code bench.pairs} (3), {@code bench.seconds} per run (10),
 * {@code bench.payload} bytes (100), {@code bench.threads} of the parallel run (the cores),
 * {@code switchboard.test-tools} (../test-tools), {@code bench.output} (target/benchmark/web-push.txt), where the report
 * is written.
 */
public final class WebPushBenchmark {

    private static final System.Logger LOG = System.getLogger(WebPushBenchmark.class.getName());
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final URI ENDPOINT = URI.create("https://push.example.net/wpush/v2/abcdef");
    private static final String SUBJECT = "mailto:bench@example.net";

    private WebPushBenchmark() {}

    /** One measured run: messages, wall seconds, CPU nanoseconds of the threads doing the work. */
    record Run(long messages, double seconds, long cpuNanos) {
        double perSecond() {
            return messages / seconds;
        }

        double cpuMicrosPerMessage() {
            return cpuNanos / 1000.0 / messages;
        }
    }

    public static void main(String[] args) throws Exception {
        int pairs = Integer.getInteger("bench.pairs", 3);
        int seconds = Integer.getInteger("bench.seconds", 10);
        int payloadBytes = Integer.getInteger("bench.payload", 100);
        int threads = Integer.getInteger("bench.threads", Runtime.getRuntime().availableProcessors());
        Path tools = Path.of(System.getProperty("switchboard.test-tools", "../test-tools"));
        Messages messages = new Messages(payloadBytes);
        StringBuilder report = new StringBuilder();
        report.append(String.format(
                Locale.ROOT,
                "java %s, %d cores, load average %.2f at start; payload %d bytes, %d s per run%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                payloadBytes,
                seconds));

        report.append(CryptoProviders.compare(payloadBytes, Math.max(1, seconds / 5)));

        messages.run(Math.max(2, seconds / 3), false); // warm-up: JIT, Bouncy Castle's precomputed tables
        messages.run(Math.max(2, seconds / 3), true);
        List<Double> rateRatios = new ArrayList<>();
        List<Double> cpuRatios = new ArrayList<>();
        List<Double> signEachRatios = new ArrayList<>();
        report.append(
                "pair | push-service msg/s (CPU µs/msg) | same, new JWT each msg/s (CPU µs/msg) | node web-push msg/s"
                        + " (CPU µs/msg) | ratio msg/s | ratio CPU/msg | ratio, new JWT each\n");
        String nodeVersion = "";
        for (int pair = 1; pair <= pairs; pair++) {
            Run java = messages.run(seconds, false);
            Run javaSignEach = messages.run(seconds, true);
            NodeRun node = node(tools, seconds, payloadBytes);
            nodeVersion = node.version();
            rateRatios.add(java.perSecond() / node.run().perSecond());
            cpuRatios.add(node.run().cpuMicrosPerMessage() / java.cpuMicrosPerMessage());
            signEachRatios.add(javaSignEach.perSecond() / node.run().perSecond());
            report.append(String.format(
                    Locale.ROOT,
                    "%d | %.0f (%.0f) | %.0f (%.0f) | %.0f (%.0f) | %.2f | %.2f | %.2f%n",
                    pair,
                    java.perSecond(),
                    java.cpuMicrosPerMessage(),
                    javaSignEach.perSecond(),
                    javaSignEach.cpuMicrosPerMessage(),
                    node.run().perSecond(),
                    node.run().cpuMicrosPerMessage(),
                    rateRatios.get(pair - 1),
                    cpuRatios.get(pair - 1),
                    signEachRatios.get(pair - 1)));
        }
        report.append(String.format(
                Locale.ROOT,
                "median ratio push-service / %s: %.2f by msg/s, %.2f by CPU per message; %.2f with a new JWT each%n",
                nodeVersion,
                median(rateRatios),
                median(cpuRatios),
                median(signEachRatios)));
        Run parallel = messages.parallel(seconds, threads);
        report.append(String.format(
                Locale.ROOT,
                "push-service on %d threads: %.0f msg/s, CPU %.0f µs/msg (node web-push is one thread)%n",
                threads,
                parallel.perSecond(),
                parallel.cpuMicrosPerMessage()));
        report.append(String.format(
                Locale.ROOT,
                "load average %.2f at the end%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        Path output = Path.of(System.getProperty("bench.output", "target/benchmark/web-push.txt"));
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, report);
        LOG.log(System.Logger.Level.INFO, "Web Push benchmark, written to " + output + "\n" + report);
    }

    /** What push-service does per message, on the production classes. */
    private static final class Messages {

        private final byte[] payload;
        private final String p256dh;
        private final String auth;
        private final KeyPair vapid = P256.generate();

        Messages(int payloadBytes) {
            this.payload = "x".repeat(payloadBytes).getBytes(StandardCharsets.UTF_8);
            this.p256dh =
                    Base64Url.encode(P256.encode((ECPublicKey) P256.generate().getPublic()));
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            this.auth = Base64Url.encode(secret);
        }

        /**
         * Messages prepared on this thread for {@code seconds}: the body encrypted from the subscription's keys as
         * stored (base64url), and the VAPID header, reused as {@code VapidTokens} does or signed each time.
         */
        Run run(int seconds, boolean signEach) {
            String reused = authorization();
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            long count = 0;
            int sink = 0;
            while (System.nanoTime() < end) {
                byte[] body = WebPushEncryption.encrypt(payload, Base64Url.decode(p256dh), Base64Url.decode(auth));
                String authorization = signEach ? authorization() : reused;
                sink += body.length + authorization.length(); // keeps the work from being optimised away
                count++;
            }
            if (sink == 0) {
                throw new IllegalStateException("nothing was produced");
            }
            return new Run(count, (System.nanoTime() - start) / 1e9, THREADS.getCurrentThreadCpuTime() - cpuStart);
        }

        /** The same on {@code threads} threads at once, as push-service's encryption threads do. */
        Run parallel(int seconds, int threads) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Callable<Run>> work = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    work.add(() -> run(seconds, false));
                }
                long messages = 0;
                long cpu = 0;
                double wall = 0;
                for (Future<Run> done : pool.invokeAll(work)) {
                    Run run = done.get();
                    messages += run.messages();
                    cpu += run.cpuNanos();
                    wall = Math.max(wall, run.seconds());
                }
                return new Run(messages, wall, cpu);
            } finally {
                pool.shutdownNow();
            }
        }

        private String authorization() {
            return VapidSigner.authorization(
                    ENDPOINT, vapid, SUBJECT, Instant.now().plusSeconds(3600));
        }
    }

    record NodeRun(String version, Run run) {}

    /** One run of {@code web-push-benchmark.js} in its own node process. */
    private static NodeRun node(Path tools, int seconds, int payloadBytes) throws IOException, InterruptedException {
        if (!Files.isDirectory(tools.resolve("node_modules/web-push"))) {
            throw new IllegalStateException("web-push is not installed in " + tools.toAbsolutePath()
                    + ": run npm ci there, or set -Dswitchboard.test-tools");
        }
        Path script = Files.createTempFile("web-push-benchmark", ".js");
        try {
            try (InputStream source = WebPushBenchmark.class.getResourceAsStream("/web-push-benchmark.js")) {
                if (source == null) {
                    throw new IllegalStateException("web-push-benchmark.js is not on the class path");
                }
                Files.write(script, source.readAllBytes());
            }
            Process process = new ProcessBuilder(
                            "node",
                            script.toString(),
                            tools.toAbsolutePath().toString(),
                            Integer.toString(seconds),
                            Integer.toString(payloadBytes))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("node web-push benchmark failed: " + output);
            }
            JsonNode result = new ObjectMapper().readTree(output.strip());
            return new NodeRun(
                    result.path("version").asText(),
                    new Run(
                            result.path("messages").asLong(),
                            result.path("seconds").asDouble(),
                            result.path("cpuMicros").asLong() * 1000));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run node", e);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
