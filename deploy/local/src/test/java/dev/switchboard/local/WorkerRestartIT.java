package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.embedded.clients.TestWebSocket;

/**
 * At-least-once without visible repeats across a worker crash: clients on both gateway nodes send thousands of
 * messages as fast as they can; the worker process is killed with SIGKILL while most are in flight (in Kafka,
 * consumed but not committed, or being handled) and started again. Every message is answered exactly once: the
 * new worker passes over what the duplicate window says was handled, and a reply repeated by a handler that ran
 * twice carries its first id, which the gateway drops.
 */
class WorkerRestartIT {

    private static final Logger LOG = Logger.getLogger(WorkerRestartIT.class);
    private static final int CLIENTS = 10;
    private static final int MESSAGES = 400;
    private static final int CRASH_AFTER_REPLIES = 800;

    private final MultiNodeFixture suite = MultiNodeFixture.get();

    @Test
    void killingTheWorkerWithThousandsOfEventsInFlightLosesAndRepeatsNone() throws Exception {
        List<TestWebSocket> sockets = new ArrayList<>();
        List<Map<Integer, Integer>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                TestWebSocket socket = TestWebSocket.connect(suite.ws(i % 2 == 0 ? suite.gatewayA : suite.gatewayB, "/ws"));
                socket.frames().next(Duration.ofSeconds(30));
                sockets.add(socket);
                replies.add(new HashMap<>());
            }
            for (int seq = 0; seq < MESSAGES; seq++) {
                for (TestWebSocket socket : sockets) {
                    socket.send(Frames.message(Map.of("seq", seq)));
                }
            }
            collectUntil(sockets, replies, CRASH_AFTER_REPLIES);
            int beforeCrash = total(replies);
            suite.crashWorker();
            suite.restartWorker();
            collectUntil(sockets, replies, CLIENTS * MESSAGES);
            LOG.infof("worker crash after %d of %d replies; %d answered in all", beforeCrash, CLIENTS * MESSAGES,
                    total(replies));
        } finally {
            sockets.forEach(TestWebSocket::close);
        }
        for (Map<Integer, Integer> client : replies) {
            assertThat(client.keySet()).as("every message answered despite the crash")
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, MESSAGES).boxed().toList());
            assertThat(client.values()).as("no message answered twice").containsOnly(1);
        }
    }

    private static int total(List<Map<Integer, Integer>> replies) {
        return replies.stream().mapToInt(Map::size).sum();
    }

    /** Reads replies until {@code distinct} messages in all are answered or three minutes pass. */
    private static void collectUntil(List<TestWebSocket> sockets, List<Map<Integer, Integer>> replies, int distinct)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (total(replies) < distinct && System.nanoTime() < deadline) {
            for (int i = 0; i < sockets.size(); i++) {
                for (String text : sockets.get(i).frames().drain()) {
                    JsonNode frame = Frames.parse(text);
                    if (frame.get("type").asText().equals("message")) {
                        replies.get(i).merge(frame.get("data").get("echo").get("seq").asInt(), 1, Integer::sum);
                    }
                }
            }
            Thread.sleep(20);
        }
    }
}
