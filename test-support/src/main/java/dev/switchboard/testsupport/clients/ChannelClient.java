package dev.switchboard.gateway.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.gateway.security.AnonymousTokens;
import dev.switchboard.testsupport.clients.TestWebSocket;

/**
 * A WebSocket client of the channel frames for tests: who it is, the frames it received that a test has not taken
 * yet (a test waiting for one answer keeps the others), and the frames it sends.
 */
public final class ChannelClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration QUIET = Duration.ofMillis(700);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile boolean feedLive;

    private final TestWebSocket socket;
    private final String userId;
    private final Deque<String> held = new ArrayDeque<>();

    private ChannelClient(TestWebSocket socket, String userId) {
        this.socket = socket;
        this.userId = userId;
    }

    /** A new anonymous client of the gateway at {@code base}, once welcomed. */
    public static ChannelClient connect(URI base) throws Exception {
        TestWebSocket socket = TestWebSocket.connect(URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws"));
        JsonNode welcome = JSON.readTree(socket.frames().next(WAIT));
        String token = welcome.get("anonymousToken").asText();
        return new ChannelClient(socket, AnonymousTokens.userOf(token).orElseThrow());
    }

    /**
     * Once per test JVM: the node's feed consumer starts from the newest record once it has its partitions, so
     * publish until it delivers and no test's first publication goes before that.
     */
    public static void awaitFeedLive(URI base) throws Exception {
        if (feedLive) {
            return;
        }
        try (ChannelClient probe = connect(base)) {
            String channel = "live:probe-" + UUID.randomUUID();
            probe.subscribe(channel);
            long deadline = System.nanoTime() + WAIT.toNanos();
            JsonNode delivered = null;
            while (delivered == null && System.nanoTime() < deadline) {
                probe.send(publish(channel, 0, true));
                delivered = probe.next(ChannelClient::isPublication, QUIET);
            }
            require(delivered);
        }
        feedLive = true;
    }

    public String userId() {
        return userId;
    }

    public void send(String frame) {
        socket.send(frame);
    }

    /** Sends a frame (with a ref) and returns the frame answering it. */
    public JsonNode request(String frame) throws Exception {
        String ref = JSON.readTree(frame).get("ref").asText();
        send(frame);
        return require(next(text -> text.contains("\"ref\":\"" + ref + "\""), WAIT));
    }

    public JsonNode subscribe(String channel) throws Exception {
        JsonNode subscribed = request(subscribeFrame(channel));
        assertThat(subscribed.get("type").asText()).as(subscribed.toString()).isEqualTo("subscribed");
        return subscribed;
    }

    public JsonNode nextPublication() throws Exception {
        return require(next(ChannelClient::isPublication, WAIT));
    }

    /** The next frame, whatever it is. */
    public JsonNode next() throws Exception {
        return require(next(frame -> true, WAIT));
    }

    /** True when no publication is waiting or comes within a short while. */
    public boolean noMorePublications() throws Exception {
        return next(ChannelClient::isPublication, QUIET) == null;
    }

    /** The first frame received (or held) that matches, or null; the others are held for later. */
    private JsonNode next(Predicate<String> wanted, Duration timeout) throws Exception {
        for (Iterator<String> it = held.iterator(); it.hasNext();) {
            String frame = it.next();
            if (wanted.test(frame)) {
                it.remove();
                return JSON.readTree(frame);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String frame = socket.frames().poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (frame != null && wanted.test(frame)) {
                return JSON.readTree(frame);
            }
            if (frame != null) {
                held.add(frame);
            }
        }
        return null;
    }

    public static String subscribeFrame(String channel) throws Exception {
        return "{\"type\":\"subscribe\",\"channel\":" + JSON.writeValueAsString(channel) + ",\"ref\":\"s\"}";
    }

    public static String subscribeFrom(String channel, String position) {
        return "{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"since\":\"" + position + "\",\"ref\":\"s\"}";
    }

    /** A publish of {@code {"n": n}} with ref {@code p<n>}. */
    public static String publish(String channel, int n, boolean echo) throws Exception {
        return "{\"type\":\"publish\",\"channel\":" + JSON.writeValueAsString(channel) + ",\"echo\":" + echo
                + ",\"data\":{\"n\":" + n + "},\"ref\":\"p" + n + "\"}";
    }

    private static boolean isPublication(String frame) {
        return frame.contains("\"type\":\"publication\"");
    }

    private static JsonNode require(JsonNode frame) {
        assertThat(frame).as("a frame within " + WAIT).isNotNull();
        return frame;
    }

    @Override
    public void close() {
        socket.close();
    }
}
