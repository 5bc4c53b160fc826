package dev.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastConfigs;
import dev.switchboard.contract.hazelcast.HazelcastNames;

class EmbeddedHazelcastIT {

    @Test
    void aClientStoresCompactRecordsOnMembersThatHaveNoSwitchboardClasses() {
        try (EmbeddedHazelcast cluster = EmbeddedHazelcast.start("embedded-it-" + UUID.randomUUID(), 2)) {
            assertThat(cluster.member(0).getCluster().getMembers()).hasSize(2);
            HazelcastInstance client = HazelcastClient.newHazelcastClient(
                    HazelcastConfigs.client(cluster.clusterName(), cluster.addresses(), Duration.ofSeconds(30)));
            try {
                ClientRecord record = new ClientRecord("c1", "node-a", "alice", "websocket", "", 1L, "");
                client.getMap(HazelcastNames.CLIENTS).put("c1", record);
                assertThat(client.<String, ClientRecord>getMap(HazelcastNames.CLIENTS)
                                .get("c1"))
                        .isEqualTo(record);
            } finally {
                client.shutdown();
            }
        }
    }
}
