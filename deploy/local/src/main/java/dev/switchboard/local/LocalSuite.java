package dev.switchboard.local;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jboss.logging.Logger;

import dev.switchboard.embedded.EmbeddedKafka;
import dev.switchboard.embedded.FreePorts;

/**
 * The whole suite on one machine: a real KRaft broker in this JVM, then cache-service (the Hazelcast member),
 * gateway, worker-service and push-service as child JVMs. Ctrl-C (or SIGTERM) stops the children in
 * {@link SuiteService#stopOrder()} (gateways, then workers and push, then the member), then the broker; a child that
 * dies on its own stops the suite with its log named.
 */
public final class LocalSuite {

    private static final Logger LOG = Logger.getLogger(LocalSuite.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    /**
     * @param home the repository root (service jars are found under it)
     * @param autoPorts pick free ports instead of the documented defaults
     * @param otlpEndpoint where services send traces (OTLP over HTTP); tracing is off when null
     * @param maxHeap each service's -Xmx
     * @param runDir where the services' logs go
     * @param fetchOrigin the public origin the gateway's fetch path stands for; fetch interception is off when null
     */
    record Options(Path home, boolean autoPorts, String otlpEndpoint, String maxHeap, Path runDir, String fetchOrigin) {

        static Options parse(String[] args) {
            Path home = Path.of(System.getProperty("switchboard.home", ".")).toAbsolutePath().normalize();
            boolean autoPorts = false;
            String otlp = System.getenv("SWITCHBOARD_OTLP_ENDPOINT");
            String heap = "384m";
            Path runDir = null;
            String fetchOrigin = null;
            for (String arg : args) {
                if (arg.equals("--auto-ports")) {
                    autoPorts = true;
                } else if (arg.startsWith("--otlp-endpoint=")) {
                    otlp = arg.substring("--otlp-endpoint=".length());
                } else if (arg.startsWith("--heap=")) {
                    heap = arg.substring("--heap=".length());
                } else if (arg.startsWith("--home=")) {
                    home = Path.of(arg.substring("--home=".length())).toAbsolutePath().normalize();
                } else if (arg.startsWith("--run-dir=")) {
                    runDir = Path.of(arg.substring("--run-dir=".length())).toAbsolutePath().normalize();
                } else if (arg.startsWith("--fetch-origin=")) {
                    fetchOrigin = origin(arg.substring("--fetch-origin=".length()));
                } else {
                    throw new IllegalArgumentException("unknown option " + arg
                            + " (options: --auto-ports, --otlp-endpoint=URL, --heap=SIZE, --home=DIR, --run-dir=DIR,"
                            + " --fetch-origin=ORIGIN)");
                }
            }
            return new Options(home, autoPorts, otlp, heap,
                    runDir == null ? home.resolve("target/switchboard-local") : runDir, fetchOrigin);
        }
    }

    /** {@code scheme://host[:port]} of http or https, or a clear error. */
    static String origin(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--fetch-origin is not a URL: " + value);
        }
        boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
                && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (!http || uri.getHost() == null || !bare) {
            throw new IllegalArgumentException("--fetch-origin must be an origin, http(s)://host[:port]: " + value);
        }
        return value;
    }

    private final Options options;
    private final Path runDir;
    private final Map<SuiteService, ServiceProcess> services = new EnumMap<>(SuiteService.class);
    private EmbeddedKafka kafka;
    private volatile boolean stopping;

    LocalSuite(Options options) {
        this.options = options;
        this.runDir = options.runDir();
    }

    static int run(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            return 2;
        }
        LocalSuite suite = new LocalSuite(options);
        Runtime.getRuntime().addShutdownHook(new Thread(suite::stop, "switchboard-local-stop"));
        try {
            suite.start();
        } catch (RuntimeException e) {
            LOG.errorf("Switchboard did not start: %s", e.getMessage());
            return 1;
        }
        return suite.watch();
    }

    void start() {
        long started = System.nanoTime();
        Map<SuiteService, Integer> ports = new EnumMap<>(SuiteService.class);
        for (SuiteService service : SuiteService.values()) {
            ports.put(service, options.autoPorts() ? FreePorts.next() : service.defaultPort());
        }
        int kafkaPort = options.autoPorts() ? FreePorts.next() : 9092;
        int hazelcastPort = options.autoPorts() ? FreePorts.next() : 5701;

        // A fresh broker per run, in a directory of its own so two suites never share one.
        kafka = EmbeddedKafka.start(temporaryDirectory("switchboard-kafka"), true, kafkaPort);

        Map<String, String> common = new HashMap<>();
        common.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        common.put("switchboard.hazelcast.cluster-name", "switchboard-local");
        common.put("switchboard.hazelcast.members", "127.0.0.1:" + hazelcastPort);
        if (options.otlpEndpoint() == null) {
            // Nothing collects traces locally unless asked: no exporter noise, no spans.
            common.put("quarkus.otel.sdk.disabled", "true");
        } else {
            common.put("quarkus.otel.exporter.otlp.traces.endpoint", options.otlpEndpoint());
        }
        Map<SuiteService, Map<String, String>> own = new EnumMap<>(SuiteService.class);
        own.put(SuiteService.CACHE, Map.of("switchboard.hazelcast.member.port", String.valueOf(hazelcastPort),
                "switchboard.hazelcast.member.bind-address", "127.0.0.1"));
        // Locally anyone may connect: no identity provider is part of the local suite.
        Map<String, String> gateway = new HashMap<>(Map.of("switchboard.gateway.node-id", "gateway-1",
                "switchboard.gateway.security.anonymous", "true"));
        if (options.fetchOrigin() != null) {
            // Fetch interception (docs/fetch.md): gateway /app/... stands for <fetch origin>/app/...
            gateway.put("switchboard.gateway.fetch.origin", options.fetchOrigin());
        }
        own.put(SuiteService.GATEWAY, gateway);
        own.put(SuiteService.WORKER, Map.of("switchboard.worker.node-id", "worker-1"));
        own.put(SuiteService.PUSH, Map.of());

        for (SuiteService service : SuiteService.values()) {
            Map<String, String> properties = new HashMap<>(common);
            properties.putAll(own.get(service));
            services.put(service, ServiceProcess.of(service, service.module(), options.home(), runDir.resolve("logs"),
                    ports.get(service), options.maxHeap(), properties).start());
        }
        CompletableFuture.allOf(services.values().stream()
                .map(service -> CompletableFuture.runAsync(() -> service.awaitReady(READY_TIMEOUT)))
                .toArray(CompletableFuture[]::new)).join();

        int gatewayPort = ports.get(SuiteService.GATEWAY);
        LOG.infof("""
                Switchboard is up in %.1f s
                  gateway          http://127.0.0.1:%d   WebSocket ws://127.0.0.1:%d/ws   SSE http://127.0.0.1:%d/sse
                  worker-service   http://127.0.0.1:%d
                  cache-service    http://127.0.0.1:%d   Hazelcast member 127.0.0.1:%d
                  push-service     http://127.0.0.1:%d
                  Kafka (KRaft)    127.0.0.1:%d
                  health/metrics   /q/health and /q/metrics on every service
                  clients          anonymous (no token needed), same-origin pages only
                  fetch            %s
                  logs             %s
                Press Ctrl-C to stop.""",
                (System.nanoTime() - started) / 1e9, gatewayPort, gatewayPort, gatewayPort,
                ports.get(SuiteService.WORKER), ports.get(SuiteService.CACHE), hazelcastPort,
                ports.get(SuiteService.PUSH), kafkaPort, options.fetchOrigin() == null ? "off (--fetch-origin=ORIGIN)"
                        : "http://127.0.0.1:" + gatewayPort + "/app/ stands for " + options.fetchOrigin() + "/app/",
                runDir.resolve("logs"));
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            return java.nio.file.Files.createTempDirectory(prefix);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a directory for the broker", e);
        }
    }

    /** Blocks while every service runs; returns 1 as soon as one dies on its own. */
    private int watch() {
        while (true) {
            for (ServiceProcess service : List.copyOf(services.values())) {
                if (!service.isAlive() && !stopping) {
                    LOG.errorf("%s stopped unexpectedly; see %s", service.name(), service.log());
                    return 1;
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
    }

    synchronized void stop() {
        if (services.isEmpty() && kafka == null) {
            return;
        }
        stopping = true;
        LOG.info("Stopping Switchboard");
        for (Set<SuiteService> stage : SuiteService.stopOrder()) {
            CompletableFuture.allOf(stage.stream().map(services::remove).filter(Objects::nonNull)
                    .map(service -> CompletableFuture.runAsync(service::stop))
                    .toArray(CompletableFuture[]::new)).join();
        }
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        LOG.info("Switchboard stopped");
    }
}
