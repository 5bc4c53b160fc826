package dev.switchboard.gateway.fetch;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.cache.api.CacheLimits;
import dev.switchboard.cache.api.CacheListener;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.Headers;
import dev.switchboard.cache.api.HttpUpstream;
import dev.switchboard.cache.api.hazelcast.HazelcastCacheStorages;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.LifecycleState;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.SharedInfrastructureResource;
import dev.switchboard.testsupport.clients.TestOrigin;
import dev.switchboard.worker.strategies.DeclaredRoutes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Not a test (surefire runs it only when named): cache-hit fetch throughput through the gateway on the fast path
 * and on the handler path (a Kafka round trip to a worker answering CacheFirst hits), next to direct calls to the
 * upstream; then wrk against the fast path and against nginx {@code proxy_cache} (the peer a user would pick),
 * alternated. See docs/benchmarks.md for how to run it and the numbers.
 */
@QuarkusTest
@TestProfile(FetchBenchmark.BenchmarkProfile.class)
@WithTestResource(SharedInfrastructureResource.class)
class FetchBenchmark {

    private static final Logger LOG = Logger.getLogger(FetchBenchmark.class);
    static final String ORIGIN = "https://bench.test";
    static final TestOrigin UPSTREAM = new TestOrigin();
    private static final int REQUESTS = Integer.getInteger("bench.requests", 3000);
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 8);
    private static final int BODY_BYTES = 2048;
    private static final byte[] BODY = new byte[BODY_BYTES];
    private static final int PAIRS = Integer.getInteger("bench.pairs", 3);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 64);
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup", 60);
    private static final String JFR = System.getProperty("bench.jfr", "");

    public static class BenchmarkProfile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "switchboard.gateway.fetch.origin",
                    ORIGIN,
                    "switchboard.gateway.fetch.default-upstream",
                    UPSTREAM.origin(),
                    "quarkus.log.category.\"dev.switchboard.gateway.fetch.FetchBenchmark\".level",
                    "INFO");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    MeterRegistry meters;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void cacheHitThroughput() throws Exception {
        HazelcastInstance member = SharedInfrastructure.hazelcast().member(0);
        HazelcastCacheStorages storages = new HazelcastCacheStorages(
                member,
                CacheLimits.DEFAULTS,
                HttpUpstream.relaying(TestFetchWorker.OUTBOUND, Duration.ofSeconds(5), 1 << 20),
                CacheListener.NONE);
        String run = "b" + UUID.randomUUID().toString().replace("-", "");
        String routes = "[{\"match\":{\"prefix\":\"/app/\"},\"strategy\":\"CacheFirst\",\"cacheName\":\"bench\"}]";
        String fastVersion = "fast-" + run;
        String workerVersion = "worker-" + run;
        var registrations = member.<String, RegistrationRecord>getMap(HazelcastNames.REGISTRATIONS);
        registrations.set(
                fastVersion,
                new RegistrationRecord(
                        fastVersion,
                        ORIGIN + "/app/" + fastVersion + "/",
                        "",
                        UPSTREAM.origin(),
                        "",
                        "",
                        fastVersion,
                        LifecycleState.ACTIVATED.wireName(),
                        routes,
                        1));
        registrations.set(
                workerVersion,
                new RegistrationRecord(
                        workerVersion,
                        ORIGIN + "/app/" + workerVersion + "/",
                        "",
                        UPSTREAM.origin(),
                        "",
                        "",
                        workerVersion,
                        LifecycleState.ACTIVATED.wireName(),
                        "[]",
                        1));
        TestFetchWorker.recordClient(member, "fast-client-" + run, fastVersion);
        TestFetchWorker.recordClient(member, "worker-client-" + run, workerVersion);
        var cache = storages.forOrigin(ORIGIN).open("bench");
        for (String version : List.of(fastVersion, workerVersion)) {
            cache.put(
                    ORIGIN + "/app/" + version + "/asset.js",
                    new CacheResponse(200, "", Headers.of("Content-Type", "text/javascript"), BODY, ""));
        }
        try (TestFetchWorker worker = new TestFetchWorker(
                SharedInfrastructure.kafka().bootstrapServers(), storages, ORIGIN, UPSTREAM.origin())) {
            worker.serve(workerVersion, DeclaredRoutes.parse(routes));
            // The gateway's registration snapshot follows the map by listener: wait until both are seen.
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> timedGet(
                                            base.resolve("/app/" + fastVersion + "/asset.js"),
                                            "fast-client-" + run,
                                            "fast-path")
                                    > 0
                            && timedGet(
                                            base.resolve("/app/" + workerVersion + "/asset.js"),
                                            "worker-client-" + run,
                                            "worker")
                                    > 0);

            List<String> report = new ArrayList<>();
            report.add(measure("direct to upstream", URI.create(UPSTREAM.origin() + "/app/asset.js"), null, "network"));
            report.add(measure(
                    "gateway, fast path",
                    base.resolve("/app/" + fastVersion + "/asset.js"),
                    "fast-client-" + run,
                    "fast-path"));
            report.add(measure(
                    "gateway, handler path (Kafka)",
                    base.resolve("/app/" + workerVersion + "/asset.js"),
                    "worker-client-" + run,
                    "worker"));
            report.addAll(againstNginx(base.resolve("/app/" + fastVersion + "/asset.js"), "fast-client-" + run));
            Path out = Path.of("target", "benchmark", "fetch.txt");
            Files.createDirectories(out.getParent());
            Files.write(out, report);
            report.forEach(line -> LOG.infof("FetchBenchmark %s", line));
        }
    }

    /**
     * wrk against the fast path and against nginx {@code proxy_cache} serving the same path and body size from the
     * same upstream, alternately, {@code bench.pairs} pairs: per pair the ratios (gateway / nginx) of requests per
     * second and of p99 latency, then their medians. The gateway first gets {@code bench.warmup} seconds of the
     * same load. With {@code -Dbench.jfr=FILE} the first measured gateway run is recorded with JFR's profile settings.
     */
    private List<String> againstNginx(URI fastPath, String clientId) throws Exception {
        if (!NginxProxyCache.installed() || !Wrk.installed()) {
            throw new IllegalStateException(
                    "the nginx comparison needs Debian's nginx and wrk: apt-get install nginx wrk");
        }
        Map<String, String> headers = Map.of("Switchboard-Client", clientId, "Cookie", TestFetchWorker.OWNER_COOKIE);
        List<String> report = new ArrayList<>();
        report.add(String.format(
                "wrk -t2 -c%d -d%ds after a %d s warm-up, %d pairs, %d-byte body; load average %.2f at start",
                CONNECTIONS,
                SECONDS,
                WARMUP_SECONDS,
                PAIRS,
                BODY_BYTES,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        List<Double> rateRatios = new ArrayList<>();
        List<Double> p99Ratios = new ArrayList<>();
        try (NginxProxyCache nginx = NginxProxyCache.start(UPSTREAM.origin(), BODY_BYTES)) {
            String nginxUrl = nginx.origin() + fastPath.getPath();
            // On 2 cores the JIT is still compiling the gateway's path tens of seconds into load: warm it up first.
            Wrk.run(fastPath.toString(), headers, 2, CONNECTIONS, WARMUP_SECONDS);
            Wrk.run(nginxUrl, headers, 2, CONNECTIONS, Math.max(3, SECONDS / 2));
            for (int pair = 1; pair <= PAIRS; pair++) {
                double fastBefore = fastPathCount();
                Recording recording = pair == 1 && !JFR.isEmpty() ? profiling() : null;
                Wrk.Result gateway = Wrk.run(fastPath.toString(), headers, 2, CONNECTIONS, SECONDS);
                if (recording != null) {
                    recording.stop();
                    recording.dump(Path.of(JFR));
                    recording.close();
                }
                long answeredFast = Math.round(fastPathCount() - fastBefore);
                Wrk.Result peer = Wrk.run(nginxUrl, headers, 2, CONNECTIONS, SECONDS);
                rateRatios.add(gateway.requestsPerSecond() / peer.requestsPerSecond());
                p99Ratios.add(gateway.p99Millis() / peer.p99Millis());
                report.add(String.format(
                        "pair %d: gateway fast path %8.0f req/s p50 %6.2f ms p99 %6.2f ms (%d of %d requests "
                                + "answered by the fast path, %d not 2xx) | nginx proxy_cache %8.0f req/s p50 %6.2f "
                                + "ms p99 %6.2f ms (%d not 2xx) | ratio req/s %.3f, p99 %.2f",
                        pair,
                        gateway.requestsPerSecond(),
                        gateway.p50Millis(),
                        gateway.p99Millis(),
                        answeredFast,
                        gateway.requests(),
                        gateway.notOk(),
                        peer.requestsPerSecond(),
                        peer.p50Millis(),
                        peer.p99Millis(),
                        peer.notOk(),
                        rateRatios.get(pair - 1),
                        p99Ratios.get(pair - 1)));
            }
        }
        report.add(String.format(
                "median gateway / nginx: %.3f by req/s, %.2f by p99; load average %.2f at the end",
                median(rateRatios),
                median(p99Ratios),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        return report;
    }

    private double fastPathCount() {
        Timer timer = meters.find("switchboard.gateway.fetch.duration")
                .tag("outcome", "fast-path")
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private static Recording profiling() throws IOException, java.text.ParseException {
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.start();
        return recording;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private String measure(String name, URI uri, String clientId, String expectedVia) throws Exception {
        run(uri, clientId, expectedVia, Math.max(200, REQUESTS / 5)); // warm-up
        long start = System.nanoTime();
        long[] latencies = run(uri, clientId, expectedVia, REQUESTS);
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        return String.format(
                "%-32s %6d requests, %d concurrent: %8.0f req/s, p50 %6.2f ms, p99 %6.2f ms",
                name,
                REQUESTS,
                CONCURRENCY,
                REQUESTS / seconds,
                latencies[latencies.length / 2] / 1e6,
                latencies[(int) (latencies.length * 0.99)] / 1e6);
    }

    private long[] run(URI uri, String clientId, String expectedVia, int requests) throws Exception {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < CONCURRENCY; t++) {
                running.add(threads.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        latencies[i] = timedGet(uri, clientId, expectedVia);
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            threads.shutdownNow();
        }
        return latencies;
    }

    private long timedGet(URI uri, String clientId, String expectedVia) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (clientId != null) {
            request.header("Switchboard-Client", clientId).header("Cookie", TestFetchWorker.OWNER_COOKIE);
        }
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        long took = System.nanoTime() - start;
        String via = response.headers().firstValue("Switchboard-Fetch").orElse("network");
        if (response.statusCode() != 200 || !expectedVia.equals(via)) {
            String outcomes = http.send(
                            HttpRequest.newBuilder(base.resolve("/q/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body()
                    .lines()
                    .filter(line -> line.startsWith("switchboard_gateway_fetch"))
                    .toList()
                    .toString();
            throw new IllegalStateException(outcomes + " " + uri + " answered " + response.statusCode() + " via " + via
                    + " instead of 200 via " + expectedVia);
        }
        return took;
    }
}
