package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastConfigs;
import dev.switchboard.contract.hazelcast.HazelcastNames;

class EmbeddedInfrastructureIT {

    @Test
    void theBrokerCreatesSwitchboardTopicsAndCarriesRecords() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
            assertThat(kafka.topics()).contains(Topics.EVENTS, Topics.DELIVERIES);

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.EVENTS, "c1", "hello")).get();
            }
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "embedded-it",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(Topics.EVENTS));
                int seen = 0;
                long deadline = System.currentTimeMillis() + 30_000;
                while (seen == 0 && System.currentTimeMillis() < deadline) {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                    seen += records.count();
                }
                assertThat(seen).isEqualTo(1);
            }
        }
    }

    @Test
    void aClientStoresCompactRecordsOnMembersThatHaveNoSwitchboardClasses() {
        try (EmbeddedHazelcast cluster = EmbeddedHazelcast.start("embedded-it-" + UUID.randomUUID(), 2)) {
            assertThat(cluster.member(0).getCluster().getMembers()).hasSize(2);
            HazelcastInstance client = HazelcastClient.newHazelcastClient(
                    HazelcastConfigs.client(cluster.clusterName(), cluster.addresses(), Duration.ofSeconds(30)));
            try {
                ClientRecord record = new ClientRecord("c1", "node-a", "alice", "websocket", "", 1L, "");
                client.getMap(HazelcastNames.CLIENTS).put("c1", record);
                assertThat(client.<String, ClientRecord>getMap(HazelcastNames.CLIENTS).get("c1")).isEqualTo(record);
            } finally {
                client.shutdown();
            }
        }
    }
}
