package dev.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;

import org.jboss.logging.Logger;

import dev.switchboard.contract.event.Topics;
import dev.switchboard.embedded.FreePorts;
import dev.switchboard.local.ServiceProcess;
import dev.switchboard.local.SuiteService;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.TestTokens;

/**
 * Not a test: the event path against a bare Kafka loop (docs/benchmarks.md, "Event path"). One broker and one
 * Hazelcast member in this JVM, a gateway and a worker-service from their packaged jars; then every system gets a
 * warm-up, and, for each client count, they run alternately, each closed-loop with the same payload: a bare Kafka
 * loop with the same two hops (its worker hop a plain consumer, then parallel-consumer), optionally the bare loop
 * with the real worker-service as its worker hop, and Switchboard's whole path (WebSocket → gateway → Kafka →
 * echo worker → Kafka → gateway → WebSocket). Prints every run with its CPU cost per round trip and, per client
 * count, the medians of the pairs' ratios.
 *
 * <p>System properties: {@code bench.clients} (1,50,200,1000), {@code bench.pairs} (3), {@code bench.seconds} (15
 * measured, after a third of that warming up), {@code bench.warmup} (30: seconds of load every system gets, at
 * the largest client count, before the first measured run, so the JIT has compiled the services' paths),
 * {@code bench.parallel} (true: also the bare loop with parallel-consumer), {@code bench.worker-hop} (false: also
 * the bare loop through the real worker-service, {@link WorkerOnlyLoop}), {@code bench.hops} (true: each
 * bare-kafka, worker-only and Switchboard run also says how its round trip splits into worker hop and edge,
 * {@link HopTimes}), {@code bench.jfr} (a folder: a JFR recording of gateway and worker during Switchboard's
 * first run at 200 clients goes there), {@code bench.gateway.config} and {@code bench.worker.config} (extra
 * configuration of either service, {@code key=value;key=value}).
 */
public final class EventPathBenchmark {

    private static final Logger LOG = Logger.getLogger(EventPathBenchmark.class);
    private static final int PAYLOAD_BYTES = 64;
    private static final String BARE = "bare-kafka";
    private static final String SUITE = "switchboard";

    private EventPathBenchmark() {}

    /** One system under load: how to make its loop, and whether its records are split into hops. */
    private record Contender(String name, Callable<ClosedLoop> loop, boolean hops) {}

    public static void main(String[] args) throws Exception {
        int[] clientCounts = Arrays.stream(
                        System.getProperty("bench.clients", "1,50,200,1000").split(","))
                .map(String::trim)
                .mapToInt(Integer::parseInt)
                .toArray();
        int pairs = Integer.getInteger("bench.pairs", 3);
        Duration window = Duration.ofSeconds(Integer.getInteger("bench.seconds", 15));
        Duration warmUp = window.dividedBy(3);
        Duration systemWarmUp = Duration.ofSeconds(Integer.getInteger("bench.warmup", 30));
        String jfr = System.getProperty("bench.jfr", "");
        boolean hopTimes = Boolean.getBoolean("bench.hops");
        Path home = Path.of(System.getProperty("switchboard.home", "."))
                .toAbsolutePath()
                .normalize();
        Path out = home.resolve("target/benchmark");
        Files.createDirectories(out);
        Path report = out.resolve("event-path.txt");

        String bootstrap = SharedInfrastructure.kafka().bootstrapServers();
        int partitions = Topics.ALL.stream()
                .filter(t -> t.name().equals(Topics.EVENTS))
                .findFirst()
                .orElseThrow()
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
        gatewayConfig.putAll(overrides("bench.gateway.config"));
        Map<String, String> workerConfig = new HashMap<>(common);
        workerConfig.putAll(TestTokens.verifierConfig());
        workerConfig.put("switchboard.worker.node-id", "bench-worker");
        workerConfig.putAll(overrides("bench.worker.config"));
        Path logs = out.resolve("logs");
        ServiceProcess gateway = ServiceProcess.of(
                        SuiteService.GATEWAY, "gateway-bench", home, logs, FreePorts.next(), "1g", gatewayConfig)
                .start();
        ServiceProcess worker = ServiceProcess.of(
                        SuiteService.WORKER, "worker-bench", home, logs, FreePorts.next(), "1g", workerConfig)
                .start();

        List<Contender> contenders = new ArrayList<>();
        contenders.add(new Contender(BARE, () -> new BareKafkaLoop(bootstrap, partitions, PAYLOAD_BYTES), true));
        if (Boolean.parseBoolean(System.getProperty("bench.parallel", "true"))) {
            contenders.add(new Contender(
                    "bare+pc", () -> new ParallelWorkerHop(bootstrap, partitions, PAYLOAD_BYTES, 256), false));
        }
        if (Boolean.getBoolean("bench.worker-hop")) {
            contenders.add(
                    new Contender("worker-only", () -> new WorkerOnlyLoop(bootstrap, partitions, PAYLOAD_BYTES), true));
        }
        contenders.add(new Contender(SUITE, () -> new SuiteLoop(gateway.httpPort(), PAYLOAD_BYTES), true));
        int status = 0;
        try {
            gateway.awaitReady(Duration.ofMinutes(2));
            worker.awaitReady(Duration.ofMinutes(2));
            CpuMeter cpu = new CpuMeter(gateway, worker);
            write(
                    report,
                    "# event path vs bare Kafka loop, " + OffsetDateTime.now(ZoneOffset.UTC) + ", "
                            + Runtime.getRuntime().availableProcessors() + " cores, JDK "
                            + System.getProperty("java.version")
                            + ", " + pairs + " pairs of " + window.toSeconds() + " s runs (after " + warmUp.toSeconds()
                            + " s warm-up each, and " + systemWarmUp.toSeconds()
                            + " s of load per system first), payload "
                            + PAYLOAD_BYTES + " bytes" + configNote());
            if (!systemWarmUp.isZero()) {
                int most = Arrays.stream(clientCounts).max().orElse(1);
                for (Contender contender : contenders) {
                    try (ClosedLoop loop = contender.loop().call()) {
                        LOG.infof(
                                "warm-up: %s",
                                loop.measure(contender.name(), most, Duration.ZERO, systemWarmUp, null, cpu));
                    }
                }
            }
            List<String> summary = new ArrayList<>();
            for (int clients : clientCounts) {
                Map<String, List<Result>> results = new LinkedHashMap<>();
                for (int pair = 0; pair < pairs; pair++) {
                    for (Contender contender : contenders) {
                        if (!jfr.isEmpty() && contender.name().equals(SUITE) && clients == 200 && pair == 0) {
                            Profiles.start(jfr, window.plus(warmUp), gateway, worker);
                        }
                        Result result;
                        try (ClosedLoop loop = contender.loop().call()) {
                            result = loop.measure(
                                    contender.name(),
                                    clients,
                                    warmUp,
                                    window,
                                    hopTimes && contender.hops() ? bootstrap : null,
                                    cpu);
                        }
                        write(report, result.toString());
                        results.computeIfAbsent(contender.name(), name -> new ArrayList<>())
                                .add(result);
                    }
                }
                summary.add(summary(clients, results));
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

    /** One client count's line: Switchboard against the bare loop pair by pair, the other systems' throughput. */
    private static String summary(int clients, Map<String, List<Result>> results) {
        List<Result> bare = results.get(BARE);
        List<Result> suite = results.get(SUITE);
        List<Double> throughput = ratios(suite, bare, Result::perSecond);
        StringBuilder line = new StringBuilder(String.format(
                "%5d clients: throughput %.2fx the bare loop's, p50 %.2fx,"
                        + " p99 %.2fx (medians of %d pairs; each pair %s)",
                clients,
                median(throughput),
                median(ratios(suite, bare, Result::p50)),
                median(ratios(suite, bare, Result::p99)),
                bare.size(),
                throughput.stream().map(v -> String.format("%.2f", v)).toList()));
        results.forEach((system, runs) -> {
            if (!system.equals(BARE) && !system.equals(SUITE)) {
                line.append(
                        String.format("; %s throughput %.2fx", system, median(ratios(runs, bare, Result::perSecond))));
            }
        });
        line.append("; CPU per round trip (median, all processes):");
        results.forEach((system, runs) -> line.append(String.format(
                " %s %.0f µs",
                system, median(runs.stream().map(run -> run.cpu().total()).toList()))));
        return line.toString();
    }

    private static List<Double> ratios(List<Result> of, List<Result> to, ToDoubleFunction<Result> value) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < of.size(); i++) {
            ratios.add(value.applyAsDouble(of.get(i)) / value.applyAsDouble(to.get(i)));
        }
        return ratios;
    }

    /** {@code key=value;key=value} from system property {@code property}; empty when unset. */
    static Map<String, String> overrides(String property) {
        Map<String, String> config = new LinkedHashMap<>();
        for (String entry : System.getProperty(property, "").split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException(property + ": '" + entry + "' is not key=value");
            }
            config.put(
                    entry.substring(0, equals).trim(),
                    entry.substring(equals + 1).trim());
        }
        return config;
    }

    /** The services' extra configuration, for the report's header. */
    private static String configNote() {
        Map<String, String> extraGateway = overrides("bench.gateway.config");
        Map<String, String> extraWorker = overrides("bench.worker.config");
        return (extraGateway.isEmpty() ? "" : ", gateway " + extraGateway)
                + (extraWorker.isEmpty() ? "" : ", worker " + extraWorker);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static void write(Path report, String line) throws IOException {
        LOG.info(line);
        Files.writeString(
                report,
                line + System.lineSeparator(),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
