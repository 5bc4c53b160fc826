package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.embedded.clients.TestWebSocket;

/**
 * At-least-once across a worker crash: a client keeps sending while the worker process is killed with SIGKILL
 * and started again; every message is answered. Events handled but not yet committed when the worker died
 * are handled again, so duplicates are allowed and counted.
 */
class WorkerRestartIT {

    private static final Logger LOG = Logger.getLogger(WorkerRestartIT.class);
    private static final int MESSAGES = 150;
    private static final int CRASH_AFTER = 50;
    private static final int RESTART_AFTER = 100;

    private final MultiNodeFixture suite = MultiNodeFixture.get();

    @Test
    void killingTheWorkerWhileMessagesFlowLosesNoneOfThem() throws Exception {
        Map<Integer, Integer> repliesBySeq = new HashMap<>();
        try (TestWebSocket socket = TestWebSocket.connect(suite.ws(suite.gatewayA, "/ws"))) {
            socket.frames().next(Duration.ofSeconds(30));
            for (int seq = 0; seq < MESSAGES; seq++) {
                if (seq == CRASH_AFTER) {
                    // Crash mid-stream: once the worker has answered some messages, before it commits them all.
                    collectUntil(socket, repliesBySeq, CRASH_AFTER / 2);
                    suite.crashWorker();
                }
                if (seq == RESTART_AFTER) {
                    suite.restartWorker();
                }
                socket.send(Frames.message(Map.of("seq", seq)));
                Thread.sleep(10);
            }
            collectUntil(socket, repliesBySeq, MESSAGES);
        }
        int duplicates = repliesBySeq.values().stream().mapToInt(count -> count - 1).sum();
        LOG.infof("worker crash: %d messages, %d answered, %d duplicate replies", MESSAGES, repliesBySeq.size(),
                duplicates);
        assertThat(repliesBySeq.keySet()).as("every message answered despite the crash")
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, MESSAGES).boxed().toList());
        assertThat(duplicates).as("duplicates are counted, never negative").isGreaterThanOrEqualTo(0);
    }

    /** Reads replies until {@code distinct} messages are answered or two minutes pass. */
    private static void collectUntil(TestWebSocket socket, Map<Integer, Integer> repliesBySeq, int distinct)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (repliesBySeq.size() < distinct && System.nanoTime() < deadline) {
            for (String text : socket.frames().drain()) {
                JsonNode frame = Frames.parse(text);
                if (frame.get("type").asText().equals("message")) {
                    repliesBySeq.merge(frame.get("data").get("echo").get("seq").asInt(), 1, Integer::sum);
                }
            }
            Thread.sleep(50);
        }
    }
}
