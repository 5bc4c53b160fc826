package dev.switchboard.testsupport;

import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;

import dev.switchboard.embedded.EmbeddedKafka;

/**
 * One broker and one Hazelcast cluster per JVM, started on first use and stopped when the JVM exits: test
 * classes share them (their data is told apart by random ids) instead of paying for a start each.
 */
public final class SharedInfrastructure {

    private static final Logger LOG = Logger.getLogger(SharedInfrastructure.class);

    private static EmbeddedKafka kafka;
    private static EmbeddedHazelcast hazelcast;

    private SharedInfrastructure() {}

    public static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            kafka = EmbeddedKafka.startTemporary();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "shared-kafka-stop"));
        }
        return kafka;
    }

    public static synchronized EmbeddedHazelcast hazelcast() {
        if (hazelcast == null) {
            hazelcast = EmbeddedHazelcast.start("switchboard-test-" + UUID.randomUUID(), 1);
            Runtime.getRuntime().addShutdownHook(new Thread(hazelcast::close, "shared-hazelcast-stop"));
            LOG.infof("Hazelcast test cluster %s at %s", hazelcast.clusterName(), hazelcast.membersProperty());
        }
        return hazelcast;
    }

    /** The configuration a Switchboard service needs to use the shared broker and cluster. */
    public static Map<String, String> serviceConfig() {
        return Map.of(
                "kafka.bootstrap.servers", kafka().bootstrapServers(),
                "switchboard.hazelcast.cluster-name", hazelcast().clusterName(),
                "switchboard.hazelcast.members", hazelcast().membersProperty());
    }
}
