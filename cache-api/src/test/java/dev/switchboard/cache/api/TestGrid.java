package dev.switchboard.cache.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.UUID;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.contract.hazelcast.HazelcastConfigs;
import dev.switchboard.outbound.OutboundHttp;
import dev.switchboard.outbound.OutboundPolicy;
import dev.switchboard.testsupport.EmbeddedHazelcast;

/**
 * The real infrastructure the Cache API tests share, started once per test JVM: two Hazelcast members, a Hazelcast
 * client (the Cache API is used through it, as a worker uses it) and an upstream HTTP origin.
 */
public final class TestGrid {

    public static final EmbeddedHazelcast CLUSTER = EmbeddedHazelcast.start("cache-api-" + UUID.randomUUID(), 2);
    public static final HazelcastInstance CLIENT = HazelcastClient.newHazelcastClient(
            HazelcastConfigs.client(CLUSTER.clusterName(), CLUSTER.addresses(), Duration.ofSeconds(30)));
    public static final TestUpstream UPSTREAM = startUpstream();
    /** The test upstream is on loopback, which the outbound policy reaches only when told to. */
    public static final OutboundHttp OUTBOUND =
            OutboundHttp.standalone(OutboundPolicy.allowingNetworks("127.0.0.1/32"));

    private TestGrid() {}

    /** An upstream that fetches from {@link #UPSTREAM} with the given body limit. */
    public static Upstream upstream(long maxBodyBytes) {
        return HttpUpstream.relaying(OUTBOUND, Duration.ofSeconds(10), maxBodyBytes);
    }

    /** A fresh origin nobody else uses. */
    public static String freshOrigin() {
        return "https://t" + UUID.randomUUID().toString().replace("-", "") + ".test";
    }

    private static TestUpstream startUpstream() {
        try {
            return new TestUpstream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
