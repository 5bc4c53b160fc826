package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testsupport.clients.TestWebSocket;

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
    private static final int WARM_UP_ROUNDS = 30;

    private final MultiNodeFixture suite = MultiNodeFixture.get();

    @Test
    void killingTheWorkerWithThousandsOfEventsInFlightLosesAndRepeatsNone() throws Exception {
        List<TestWebSocket> sockets = new ArrayList<>();
        List<Map<Integer, Integer>> replies = new ArrayList<>();
        List<Map<String, Integer>> others = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                TestWebSocket socket =
                        TestWebSocket.connect(suite.ws(i % 2 == 0 ? suite.gatewayA : suite.gatewayB, "/ws"));
                socket.frames().next(Duration.ofSeconds(30));
                sockets.add(socket);
                replies.add(new HashMap<>());
                others.add(new TreeMap<>());
            }
            warmUp(sockets);
            for (int seq = 0; seq < MESSAGES; seq++) {
                for (TestWebSocket socket : sockets) {
                    socket.send(Frames.message(Map.of("seq", seq)));
                }
            }
            LOG.infof("all %d messages sent", CLIENTS * MESSAGES);
            collectUntil(sockets, replies, others, CRASH_AFTER_REPLIES);
            int beforeCrash = total(replies);
            LOG.infof("%d replies; crashing the worker", beforeCrash);
            suite.crashWorker();
            suite.restartWorker();
            collectUntil(sockets, replies, others, CLIENTS * MESSAGES);
            LOG.infof(
                    "worker crash after %d of %d replies; %d answered in all",
                    beforeCrash, CLIENTS * MESSAGES, total(replies));
            for (ServiceProcess gateway : List.of(suite.gatewayA, suite.gatewayB)) {
                LOG.infof("%s: %s", gateway.name(), suite.metrics(gateway, "switchboard_gateway_"));
            }
            LOG.infof("worker: %s", suite.metrics(suite.worker(), "switchboard_worker_events"));
            for (int i = 0; i < CLIENTS; i++) {
                LOG.infof(
                        "client %d: %d replies, closed %s, other frames %s",
                        i, replies.get(i).size(), sockets.get(i).closeCode().getNow(null), others.get(i));
            }
        } finally {
            sockets.forEach(TestWebSocket::close);
        }
        for (int i = 0; i < CLIENTS; i++) {
            Map<Integer, Integer> client = replies.get(i);
            String seen = "client " + i + " on gateway " + (i % 2 == 0 ? "A" : "B") + ", closed "
                    + sockets.get(i).closeCode().getNow(null) + ", other frames " + others.get(i);
            assertThat(client.keySet())
                    .as("every message answered despite the crash (%s)", seen)
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, MESSAGES).boxed().toList());
            assertThat(client.values())
                    .as("no message answered twice (%s)", seen)
                    .containsOnly(1);
        }
    }

    /**
     * A few round trips per client first, so that the flood meets services past their first compilations: on two
     * cores, four just-started JVMs flooded at once crawl for tens of seconds (compiler threads take the CPU), which
     * is a cold start's cost, not this test's subject.
     */
    private static void warmUp(List<TestWebSocket> sockets) {
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            for (TestWebSocket socket : sockets) {
                socket.send(Frames.message(Map.of("warmUp", round)));
            }
            for (TestWebSocket socket : sockets) {
                socket.frames().nextMatching(text -> Frames.type(text).equals("message"), Duration.ofSeconds(60));
            }
        }
    }

    private static int total(List<Map<Integer, Integer>> replies) {
        return replies.stream().mapToInt(Map::size).sum();
    }

    /**
     * Reads replies until {@code distinct} messages in all are answered or three minutes pass; every other frame is
     * counted by type (and error code), so that a failure says what a client got instead.
     */
    private static void collectUntil(
            List<TestWebSocket> sockets,
            List<Map<Integer, Integer>> replies,
            List<Map<String, Integer>> others,
            int distinct)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (total(replies) < distinct && System.nanoTime() < deadline) {
            for (int i = 0; i < sockets.size(); i++) {
                for (String text : sockets.get(i).frames().drain()) {
                    JsonNode frame = Frames.parse(text);
                    String type = frame.get("type").asText();
                    if (type.equals("message")) {
                        replies.get(i)
                                .merge(frame.get("data").get("echo").get("seq").asInt(), 1, Integer::sum);
                    } else {
                        others.get(i)
                                .merge(
                                        frame.has("code")
                                                ? type + ":" + frame.get("code").asText()
                                                : type,
                                        1,
                                        Integer::sum);
                    }
                }
            }
            Thread.sleep(20);
        }
    }
}
