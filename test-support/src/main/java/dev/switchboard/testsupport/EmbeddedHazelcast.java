package dev.switchboard.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.contract.hazelcast.HazelcastCallbacks;
import dev.switchboard.contract.hazelcast.HazelcastConfigs;
import dev.switchboard.embedded.FreePorts;

/**
 * Real Hazelcast members on loopback, configured exactly as cache-service configures itself
 * ({@link HazelcastConfigs}); each cluster gets its own name so test clusters never merge.
 */
public final class EmbeddedHazelcast implements AutoCloseable {

    private final String clusterName;
    private final List<Integer> ports;
    private final List<HazelcastInstance> members = new ArrayList<>();

    private EmbeddedHazelcast(String clusterName, List<Integer> ports) {
        this.clusterName = clusterName;
        this.ports = ports;
    }

    /** Starts {@code size} members that form one cluster; each holds one backup of every entry. */
    public static EmbeddedHazelcast start(String clusterName, int size) {
        List<Integer> ports =
                IntStream.range(0, size).mapToObj(i -> FreePorts.next()).toList();
        EmbeddedHazelcast cluster = new EmbeddedHazelcast(clusterName, ports);
        HazelcastCallbacks.installDefaults();
        ports.forEach(port -> cluster.members.add(Hazelcast.newHazelcastInstance(
                HazelcastConfigs.tcpIpMember(clusterName, "127.0.0.1", port, cluster.addresses(), 1))));
        return cluster;
    }

    public String clusterName() {
        return clusterName;
    }

    /** host:port of every member, as clients are configured with them. */
    public List<String> addresses() {
        return ports.stream().map(port -> "127.0.0.1:" + port).toList();
    }

    /** The member services' settings name, for passing to a service as {@code switchboard.hazelcast.members}. */
    public String membersProperty() {
        return String.join(",", addresses());
    }

    public HazelcastInstance member(int index) {
        return members.get(index);
    }

    @Override
    public void close() {
        members.forEach(HazelcastInstance::shutdown);
        members.clear();
    }
}
