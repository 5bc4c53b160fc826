package dev.switchboard.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jboss.logging.Logger;

import dev.switchboard.contract.security.Roles;
import dev.switchboard.embedded.EmbeddedKafka;
import dev.switchboard.embedded.FreePorts;
import dev.switchboard.embedded.TokenIssuer;

/**
 * The whole suite on one machine: a real KRaft broker in this JVM, then cache-service (the Hazelcast member),
 * gateway, worker-service and push-service as child JVMs. Ctrl-C (or SIGTERM) stops the children in
 * {@link SuiteService#stopOrder()} (gateways, then workers and push, then the member), then the broker; a child that
 * dies on its own stops the suite with its log named.
 *
 * <p>
 * A local development mode, safe by default: every socket (services, member, broker) listens on 127.0.0.1 unless
 * {@code --bind} says otherwise; the services verify tokens of a key pair made at each start, and the admin token
 * signed with it is printed; outbound requests reach no private address unless {@code --allow-network} names it.
 */
public final class LocalSuite {

    private static final Logger LOG = Logger.getLogger(LocalSuite.class);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    static final String ISSUER = "switchboard-local";
    static final String AUDIENCE = "switchboard";
    static final Duration ADMIN_TOKEN_LIFETIME = Duration.ofHours(12);

    /**
     * @param home the repository root (service jars are found under it)
     * @param autoPorts pick free ports instead of the documented defaults
     * @param otlpEndpoint where services send traces (OTLP over HTTP); tracing is off when null
     * @param maxHeap each service's -Xmx
     * @param runDir where the services' logs go
     * @param fetchOrigin the public origin the gateway's fetch path stands for; fetch interception is off when null
     * @param bind the address every socket listens on (127.0.0.1 unless widened)
     * @param allowedNetworks private address ranges outbound requests may reach (a local upstream's, say)
     * @param demo publish and register the cart demo's worker for the gateway's /demo/cart/ (docs/demo.md)
     */
    record Options(
            Path home,
            boolean autoPorts,
            String otlpEndpoint,
            String maxHeap,
            Path runDir,
            String fetchOrigin,
            String bind,
            List<String> allowedNetworks,
            boolean demo) {

        static Options parse(String[] args) {
            Path home = Path.of(System.getProperty("switchboard.home", "."))
                    .toAbsolutePath()
                    .normalize();
            boolean autoPorts = false;
            String otlp = System.getenv("SWITCHBOARD_OTLP_ENDPOINT");
            String heap = "384m";
            Path runDir = null;
            String fetchOrigin = null;
            String bind = ServiceProcess.LOOPBACK;
            List<String> allowedNetworks = new ArrayList<>();
            boolean demo = false;
            for (String arg : args) {
                if (arg.equals("--auto-ports")) {
                    autoPorts = true;
                } else if (arg.equals("--demo")) {
                    demo = true;
                } else if (arg.startsWith("--otlp-endpoint=")) {
                    otlp = arg.substring("--otlp-endpoint=".length());
                } else if (arg.startsWith("--heap=")) {
                    heap = arg.substring("--heap=".length());
                } else if (arg.startsWith("--home=")) {
                    home = Path.of(arg.substring("--home=".length()))
                            .toAbsolutePath()
                            .normalize();
                } else if (arg.startsWith("--run-dir=")) {
                    runDir = Path.of(arg.substring("--run-dir=".length()))
                            .toAbsolutePath()
                            .normalize();
                } else if (arg.startsWith("--fetch-origin=")) {
                    fetchOrigin = origin(arg.substring("--fetch-origin=".length()));
                } else if (arg.startsWith("--bind=")) {
                    bind = address(arg.substring("--bind=".length()));
                } else if (arg.startsWith("--allow-network=")) {
                    allowedNetworks.add(network(arg.substring("--allow-network=".length())));
                } else {
                    throw new IllegalArgumentException("unknown option " + arg
                            + " (options: --auto-ports, --otlp-endpoint=URL, --heap=SIZE, --home=DIR, --run-dir=DIR,"
                            + " --fetch-origin=ORIGIN, --bind=ADDRESS, --allow-network=CIDR, --demo)");
                }
            }
            return new Options(
                    home,
                    autoPorts,
                    otlp,
                    heap,
                    runDir == null ? home.resolve("target/switchboard-local") : runDir,
                    fetchOrigin,
                    bind,
                    List.copyOf(allowedNetworks),
                    demo);
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
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                && uri.getRawQuery() == null
                && uri.getRawFragment() == null
                && uri.getRawUserInfo() == null;
        if (!http || uri.getHost() == null || !bare) {
            throw new IllegalArgumentException("--fetch-origin must be an origin, http(s)://host[:port]: " + value);
        }
        return value;
    }

    /** An IPv4 address literal to listen on, or a clear error (a name would be looked up, and could mean anything). */
    static String address(String value) {
        boolean literal = value.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                && Arrays.stream(value.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
        if (!literal) {
            throw new IllegalArgumentException("--bind takes an IPv4 address (127.0.0.1, 0.0.0.0, ...), not " + value);
        }
        return value;
    }

    /** {@code a.b.c.d/n} or one address, as switchboard.outbound.allowed-networks takes them. */
    static String network(String value) {
        String[] parts = value.split("/", 2);
        address(parts[0].isEmpty() ? "-" : parts[0]);
        if (parts.length == 2 && !parts[1].matches("\\d{1,3}")) {
            throw new IllegalArgumentException(
                    "--allow-network takes an address range (CIDR, e.g. 127.0.0.1/32), not " + value);
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
        kafka = EmbeddedKafka.start(temporaryDirectory("switchboard-kafka"), true, options.bind(), kafkaPort);

        // A token issuer of this run's own: every service verifies its tokens, and the operator gets an admin one.
        TokenIssuer issuer = TokenIssuer.generate(ISSUER, AUDIENCE);
        String adminToken = issuer.token("local-admin", ADMIN_TOKEN_LIFETIME, Roles.ADMIN);
        Path tokenFile = writeOwnerOnly(runDir.resolve("admin-token"), adminToken);

        Map<String, String> common = new HashMap<>(issuer.verifierConfig(runDir.resolve("token-verification-key.pem")));
        common.put("quarkus.http.host", options.bind());
        if (!options.allowedNetworks().isEmpty()) {
            common.put("switchboard.outbound.allowed-networks", String.join(",", options.allowedNetworks()));
        }
        common.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        common.put("switchboard.hazelcast.cluster-name", "switchboard-local");
        common.put("switchboard.hazelcast.members", reachable(options.bind()) + ":" + hazelcastPort);
        // A public channel namespace to try channels with (docs/protocol.md, "Channels"): the same for every service.
        common.put("switchboard.channels.namespaces.chat.publish", "ANY");
        common.put("switchboard.channels.namespaces.chat.history-size", "100");
        common.put("switchboard.channels.namespaces.chat.history-age", "PT10M");
        common.put("switchboard.channels.namespaces.chat.presence", "true");
        if (options.otlpEndpoint() == null) {
            // Nothing collects traces locally unless asked: no exporter noise, no spans.
            common.put("quarkus.otel.sdk.disabled", "true");
        } else {
            common.put("quarkus.otel.exporter.otlp.traces.endpoint", options.otlpEndpoint());
        }
        Map<SuiteService, Map<String, String>> own = new EnumMap<>(SuiteService.class);
        // Bound to the address alone; on every interface (--bind=0.0.0.0) no bind address at all.
        own.put(
                SuiteService.CACHE,
                Map.of(
                        "switchboard.hazelcast.member.port",
                        String.valueOf(hazelcastPort),
                        "switchboard.hazelcast.member.bind-address",
                        anyAddress(options.bind()) ? "" : options.bind()));
        // Locally anyone may connect: no identity provider is part of the local suite.
        Map<String, String> gateway = new HashMap<>(
                Map.of("switchboard.gateway.node-id", "gateway-1", "switchboard.gateway.security.anonymous", "true"));
        if (options.fetchOrigin() != null) {
            // Fetch interception (docs/fetch.md): gateway /app/... stands for <fetch origin>/app/...
            gateway.put("switchboard.gateway.fetch.origin", options.fetchOrigin());
        }
        own.put(SuiteService.GATEWAY, gateway);
        own.put(SuiteService.WORKER, Map.of("switchboard.worker.node-id", "worker-1"));
        // The VAPID private keys are sealed with a key made for this run (they live no longer than it).
        own.put(SuiteService.PUSH, Map.of("switchboard.push.vapid.key-encryption-key", randomKey()));

        for (SuiteService service : SuiteService.values()) {
            Map<String, String> properties = new HashMap<>(common);
            properties.putAll(own.get(service));
            services.put(
                    service,
                    ServiceProcess.of(
                                    service,
                                    service.module(),
                                    options.home(),
                                    runDir.resolve("logs"),
                                    ports.get(service),
                                    options.maxHeap(),
                                    properties)
                            .start());
        }
        CompletableFuture.allOf(services.values().stream()
                        .map(service -> CompletableFuture.runAsync(() -> service.awaitReady(READY_TIMEOUT)))
                        .toArray(CompletableFuture[]::new))
                .join();

        int gatewayPort = ports.get(SuiteService.GATEWAY);
        String host = reachable(options.bind());
        String demo = options.demo()
                ? installDemo(host, ports.get(SuiteService.WORKER), gatewayPort, adminToken)
                : "off (--demo: the cart demo)";
        LOG.infof(
                """
                Switchboard is up in %.1f s: a LOCAL DEVELOPMENT MODE, not a production setup (docs/security.md)
                  gateway          http://%2$s:%3$d   WebSocket ws://%2$s:%3$d/ws   SSE http://%2$s:%3$d/sse
                  worker-service   http://%2$s:%4$d
                  cache-service    http://%2$s:%5$d   Hazelcast member %2$s:%6$d
                  push-service     http://%2$s:%7$d
                  Kafka (KRaft)    %2$s:%8$d
                  listening on     %9$s
                  health/metrics   /q/health and /q/metrics on every service (no token)
                  clients          anonymous (no token needed), same-origin pages only
                  admin token      %10$s
                                   (role switchboard-admin, valid %11$s, also in %12$s), for example:
                                   curl -H "Authorization: Bearer $(cat %12$s)" http://%2$s:%4$d/admin/registrations
                  outbound         %13$s
                  fetch            %14$s
                  demo             %16$s
                  logs             %15$s
                Press Ctrl-C to stop.""",
                (System.nanoTime() - started) / 1e9,
                host,
                gatewayPort,
                ports.get(SuiteService.WORKER),
                ports.get(SuiteService.CACHE),
                hazelcastPort,
                ports.get(SuiteService.PUSH),
                kafkaPort,
                options.bind().equals(ServiceProcess.LOOPBACK)
                        ? "127.0.0.1 only (--bind=ADDRESS to widen)"
                        : options.bind() + " (widened by --bind)",
                adminToken,
                ADMIN_TOKEN_LIFETIME.toHours() + " h",
                tokenFile,
                options.allowedNetworks().isEmpty()
                        ? "public addresses only (--allow-network=CIDR for a local upstream)"
                        : "public addresses and " + String.join(", ", options.allowedNetworks()),
                options.fetchOrigin() == null
                        ? "off (--fetch-origin=ORIGIN)"
                        : "http://" + host + ":" + gatewayPort + "/app/ stands for " + options.fetchOrigin() + "/app/",
                runDir.resolve("logs"),
                demo);
    }

    /** The cart demo (docs/demo.md): its worker registered for the gateway's /demo/cart/; the page's URL. */
    private String installDemo(String host, int workerPort, int gatewayPort, String adminToken) {
        String origin = "http://" + host + ":" + gatewayPort;
        try {
            new CartDemo(URI.create("http://" + host + ":" + workerPort), adminToken)
                    .install(CartDemo.bundle(options.home()), origin);
        } catch (IOException e) {
            throw new UncheckedIOException("the cart demo could not be installed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the cart demo", e);
        }
        return origin + CartDemo.PATH + " (open it in two windows)";
    }

    /** Where the services answer: the bound address, or loopback when bound to every interface. */
    private static String reachable(String bind) {
        return anyAddress(bind) ? ServiceProcess.LOOPBACK : bind;
    }

    private static boolean anyAddress(String bind) {
        return bind.equals("0.0.0.0");
    }

    private static Path writeOwnerOnly(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the broker", e);
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
            CompletableFuture.allOf(stage.stream()
                            .map(services::remove)
                            .filter(Objects::nonNull)
                            .map(service -> CompletableFuture.runAsync(service::stop))
                            .toArray(CompletableFuture[]::new))
                    .join();
        }
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        LOG.info("Switchboard stopped");
    }
}
