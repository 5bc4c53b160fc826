package dev.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import dev.switchboard.contract.event.Topics;
import dev.switchboard.embedded.FreePorts;
import dev.switchboard.local.ServiceProcess;
import dev.switchboard.local.SuiteService;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.TestTokens;

/**
 * Not a test: the event path against a bare Kafka loop (docs/benchmarks.md, "Event path"). One broker and one
 * Hazelcast member in this JVM, a gateway and a worker-service from their packaged jars; then, for each client
 * count, alternately, a bare Kafka loop with the same two hops (its worker hop a plain consumer, then
 * parallel-consumer) and Switchboard's whole path (WebSocket → gateway → Kafka → echo worker → Kafka → gateway →
 * WebSocket), each closed-loop, with the same payload. Prints every run and, per client count, the median of the
 * pairs' ratios.
 *
 * <p>System properties: {@code bench.clients} (1,50,200,1000), {@code bench.pairs} (3), {@code bench.seconds} (15
 * measured, after a third of that warming up), {@code bench.hops} (true: each bare-kafka and Switchboard run also
 * says how its round trip splits into worker hop and edge, {@link HopTimes}), {@code bench.jfr} (a folder: a JFR
 * recording of gateway and worker during Switchboard's runs at 200 clients goes there).
 */
public final class EventPathBenchmark {

    private static final Logger LOG = Logger.getLogger(EventPathBenchmark.class);
    private static final int PAYLOAD_BYTES = 64;

    private EventPathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] clientCounts = Arrays.stream(System.getProperty("bench.clients", "1,50,200,1000").split(","))
                .map(String::trim).mapToInt(Integer::parseInt).toArray();
        int pairs = Integer.getInteger("bench.pairs", 3);
        Duration window = Duration.ofSeconds(Integer.getInteger("bench.seconds", 15));
        Duration warmUp = window.dividedBy(3);
        String jfr = System.getProperty("bench.jfr", "");
        boolean hopTimes = Boolean.getBoolean("bench.hops");
        Path home = Path.of(System.getProperty("switchboard.home", ".")).toAbsolutePath().normalize();
        Path out = home.resolve("target/benchmark");
        Files.createDirectories(out);
        Path report = out.resolve("event-path.txt");

        String bootstrap = SharedInfrastructure.kafka().bootstrapServers();
        String hops = hopTimes ? bootstrap : null;
        int partitions = Topics.ALL.stream().filter(t -> t.name().equals(Topics.EVENTS)).findFirst().orElseThrow()
                .partitions();
        Map<String, String> common = new HashMap<>(SharedInfrastructure.serviceConfig());
        common.put("quarkus.otel.sdk.disabled", "true");
        Map<String, String> gatewayConfig = new HashMap<>(common);
        gatewayConfig.put("switchboard.gateway.security.anonymous", "true");
        gatewayConfig.put("switchboard.gateway.node-id", "bench-gateway");
        // Every client comes from 127.0.0.1 and sends as fast as it is answered: the per-address cap and the
        // per-connection rate (50/s) would measure themselves, not the event path (docs/benchmarks.md).
        gatewayConfig.put("switchboard.gateway.limits.max-connections-per-ip", "100000");
        gatewayConfig.put("switchboard.gateway.limits.messages-per-second", "100000");
        gatewayConfig.put("switchboard.gateway.limits.message-burst", "100000");
        Map<String, String> workerConfig = new HashMap<>(common);
        workerConfig.putAll(TestTokens.verifierConfig());
        workerConfig.put("switchboard.worker.node-id", "bench-worker");
        Path logs = out.resolve("logs");
        ServiceProcess gateway = ServiceProcess.of(SuiteService.GATEWAY, "gateway-bench", home, logs, FreePorts.next(),
                "1g", gatewayConfig).start();
        ServiceProcess worker = ServiceProcess.of(SuiteService.WORKER, "worker-bench", home, logs, FreePorts.next(),
                "1g", workerConfig).start();
        int status = 0;
        try {
            gateway.awaitReady(Duration.ofSeconds(120));
            worker.awaitReady(Duration.ofSeconds(120));
            write(report, "# event path vs bare Kafka loop, " + OffsetDateTime.now() + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores, JDK " + System.getProperty("java.version")
                    + ", " + pairs + " pairs of " + window.toSeconds() + " s runs (after " + warmUp.toSeconds()
                    + " s warm-up), payload " + PAYLOAD_BYTES + " bytes");
            List<String> summary = new ArrayList<>();
            for (int clients : clientCounts) {
                List<Double> throughput = new ArrayList<>();
                List<Double> p99 = new ArrayList<>();
                List<Double> p50 = new ArrayList<>();
                List<Double> parallelThroughput = new ArrayList<>();
                for (int pair = 0; pair < pairs; pair++) {
                    Result bare;
                    try (BareKafkaLoop loop = new BareKafkaLoop(bootstrap, partitions, PAYLOAD_BYTES)) {
                        bare = loop.measure("bare-kafka", clients, warmUp, window, hops);
                    }
                    write(report, bare.toString());
                    Result parallel;
                    try (BareKafkaLoop loop = new ParallelWorkerHop(bootstrap, partitions, PAYLOAD_BYTES, 256)) {
                        parallel = loop.measure("bare+pc", clients, warmUp, window, null);
                    }
                    write(report, parallel.toString());
                    parallelThroughput.add(parallel.perSecond() / bare.perSecond());
                    Result suite;
                    boolean profile = !jfr.isEmpty() && clients == 200 && pair == 0;
                    if (profile) {
                        Profiles.start(jfr, window.plus(warmUp), gateway, worker);
                    }
                    try (SuiteLoop loop = new SuiteLoop(gateway.httpPort(), PAYLOAD_BYTES)) {
                        suite = loop.measure("switchboard", clients, warmUp, window, hops);
                    }
                    write(report, suite.toString());
                    throughput.add(suite.perSecond() / bare.perSecond());
                    p99.add(suite.p99() / bare.p99());
                    p50.add(suite.p50() / bare.p50());
                }
                summary.add(String.format("%5d clients: throughput %.2fx the bare loop's, p50 %.2fx, p99 %.2fx"
                        + " (medians of %d pairs; each pair %s); the bare loop with parallel-consumer as its worker hop:"
                        + " %.2fx", clients, median(throughput), median(p50), median(p99), pairs, ratios(throughput),
                        median(parallelThroughput)));
            }
            write(report, "# ratios (Switchboard / bare Kafka loop)");
            for (String line : summary) {
                write(report, line);
            }
        } catch (Throwable failure) {
            LOG.errorf(failure, "benchmark failed");
            status = 1;
        } finally {
            gateway.stop();
            worker.stop();
        }
        System.exit(status);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String ratios(List<Double> values) {
        return values.stream().map(v -> String.format("%.2f", v)).toList().toString();
    }

    private static void write(Path report, String line) throws IOException {
        LOG.info(line);
        Files.writeString(report, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
