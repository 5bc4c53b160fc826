package dev.switchboard.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.jboss.logging.Logger;

import dev.switchboard.contract.event.Topics;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real single-node Kafka in KRaft mode (broker and controller in one process), started from the Kafka
 * jars. Replication factors and min ISR are 1 because there is one node; everything else is Kafka's default.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedKafka.class);
    private static final String LOOPBACK = "127.0.0.1";

    private final Path dataDir;
    private final boolean deleteOnClose;
    private final String host;
    private final int port;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, boolean deleteOnClose, String host, int port) {
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.host = host;
        this.port = port;
    }

    /** Starts a broker on a free port with a temporary data directory deleted on close. */
    public static EmbeddedKafka startTemporary() {
        try {
            return start(Files.createTempDirectory("switchboard-kafka"), true, FreePorts.next());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a fresh broker on {@code port} storing its log in {@code dataDir}: whatever an earlier run left
     * there (one that was killed, say) is removed and the storage formatted anew.
     */
    public static EmbeddedKafka start(Path dataDir, boolean deleteOnClose, int port) {
        return start(dataDir, deleteOnClose, LOOPBACK, port);
    }

    /**
     * {@link #start(Path, boolean, int)} listening on {@code host} ({@code 0.0.0.0}: every interface, advertised
     * as loopback). The controller listener stays on loopback: only this broker talks to it.
     */
    public static EmbeddedKafka start(Path dataDir, boolean deleteOnClose, String host, int port) {
        if (Files.exists(dataDir)) {
            deleteRecursively(dataDir);
        }
        EmbeddedKafka kafka = new EmbeddedKafka(dataDir, deleteOnClose, host, port);
        kafka.startServer();
        return kafka;
    }

    private void startServer() {
        long started = System.nanoTime();
        int controllerPort = FreePorts.next();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@" + LOOPBACK + ":" + controllerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + advertised() + ":" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dataDir.toAbsolutePath().toString());
        props.put("auto.create.topics.enable", "false");
        // One node: every replication factor and min ISR is 1.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // The log cleaner's default 128 MiB buffer is pointless for a local broker.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        props.put("controlled.shutdown.enable", "false");

        KafkaConfig config = KafkaConfig.fromProps(props, false);
        format(config);
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        createTopics();
        LOG.infof(
                "Kafka broker (KRaft) listening on %s, started in %d ms",
                bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private void format(KafkaConfig config) {
        Formatter formatter = new Formatter()
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(config.nodeId())
                .setIgnoreFormatted(true)
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .setControllerListenerName(config.controllerListenerNames().get(0))
                .setMetadataLogDirectory(config.metadataLogDir());
        config.logDirs().forEach(formatter::addDirectory);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + dataDir, e);
        }
    }

    /** Creates Switchboard's topics ({@link Topics#ALL}) unless they exist. */
    private void createTopics() {
        List<NewTopic> topics = Topics.ALL.stream()
                .map(spec -> new NewTopic(spec.name(), spec.partitions(), (short) 1)
                        .configs(Map.of(
                                "retention.ms", String.valueOf(spec.retention().toMillis()))))
                .toList();
        try (Admin admin = admin()) {
            admin.createTopics(topics).values().values().forEach(EmbeddedKafka::awaitCreated);
        }
    }

    private static void awaitCreated(org.apache.kafka.common.KafkaFuture<Void> created) {
        try {
            created.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic", e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("topics not created within 60 s", e);
        }
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    public String bootstrapServers() {
        return advertised() + ":" + port;
    }

    private String advertised() {
        return host.equals("0.0.0.0") || host.equals("::") ? LOOPBACK : host;
    }

    public Set<String> topics() throws ExecutionException, InterruptedException {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get();
        }
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
        LOG.info("Kafka broker stopped");
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", dir, e.getMessage());
        }
    }
}
