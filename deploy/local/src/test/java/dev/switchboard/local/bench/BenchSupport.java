package dev.switchboard.local.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import dev.switchboard.embedded.FreePorts;
import dev.switchboard.local.ServiceProcess;
import dev.switchboard.local.SuiteService;
import dev.switchboard.testsupport.SharedInfrastructure;

/** What the benchmarks of this package share: the gateway they start, how they open many connections, their report. */
final class BenchSupport {

    /** Handshakes in flight at once: a steady stream of connections, not one burst. */
    static final int OPENING_AT_ONCE = 32;

    static final Duration READY = Duration.ofMinutes(2);
    static final Duration OPENED = Duration.ofMinutes(2);

    private BenchSupport() {}

    /** The checkout the benchmark runs in ({@code -Dswitchboard.home}). */
    static Path home() {
        return Path.of(System.getProperty("switchboard.home", "."))
                .toAbsolutePath()
                .normalize();
    }

    /**
     * The configuration of a benchmarked gateway on the JVM's broker and Hazelcast member: anonymous clients, tracing
     * off, and room for {@code connections} connections from this machine's one address.
     */
    static Map<String, String> gatewayConfig(String nodeId, int connections) {
        Map<String, String> properties = new HashMap<>(SharedInfrastructure.serviceConfig());
        properties.put("switchboard.gateway.security.anonymous", "true");
        properties.put("switchboard.gateway.limits.max-connections-per-ip", String.valueOf(connections + 1));
        properties.put("switchboard.gateway.limits.max-connections-per-user", String.valueOf(connections + 1));
        properties.put("switchboard.gateway.node-id", nodeId);
        properties.put("quarkus.otel.sdk.disabled", "true");
        return properties;
    }

    /** Starts a gateway from its packaged jar (log in target/benchmark/logs), not yet ready. */
    static ServiceProcess startGateway(String nodeId, String maxHeap, Map<String, String> properties) {
        return ServiceProcess.of(
                        SuiteService.GATEWAY,
                        nodeId,
                        home(),
                        home().resolve("target/benchmark/logs"),
                        FreePorts.next(),
                        maxHeap,
                        properties)
                .start();
    }

    /**
     * Opens {@code count} connections, at most {@link #OPENING_AT_ONCE} being admitted at a time: {@code open} starts
     * the i-th and returns what completes once it is admitted (not merely upgraded). Returns what they completed
     * with, in order; fails if one is not admitted within {@link #OPENED}.
     */
    static <T> List<T> openAll(int count, IntFunction<CompletableFuture<T>> open) throws Exception {
        Semaphore opening = new Semaphore(OPENING_AT_ONCE);
        List<CompletableFuture<T>> admitted = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (!opening.tryAcquire(OPENED.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("no connection admitted within " + OPENED + " after " + i);
            }
            CompletableFuture<T> one = open.apply(i);
            one.whenComplete((value, failure) -> opening.release());
            admitted.add(one);
        }
        List<T> values = new ArrayList<>(count);
        for (CompletableFuture<T> one : admitted) {
            values.add(one.get(OPENED.toSeconds(), TimeUnit.SECONDS));
        }
        return values;
    }

    /** Waits until {@code count} reaches {@code expected}; fails after {@code timeout} naming how many arrived. */
    static void awaitCount(LongSupplier count, long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count.getAsLong() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (count.getAsLong() < expected) {
            throw new IllegalStateException(
                    "only " + count.getAsLong() + " of " + expected + " frames arrived within " + timeout);
        }
    }

    /** The body of {@code GET /q/metrics} of a service. */
    static String metrics(ServiceProcess service) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/q/metrics"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** Result lines: logged, and appended to a file under target/benchmark. */
    static final class Report {

        private static final Logger LOG = Logger.getLogger(Report.class);
        private final Path file;

        Report(String fileName) {
            this.file = home().resolve("target/benchmark").resolve(fileName);
        }

        void line(String format, Object... values) throws IOException {
            String line = String.format(Locale.ROOT, format, values);
            LOG.info(line);
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file,
                    line + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }
}
