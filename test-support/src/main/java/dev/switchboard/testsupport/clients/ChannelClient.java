package dev.switchboard.testsupport.clients;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A WebSocket client of the channel frames for tests: who it is, the frames it received that a test has not taken
 * yet (a test waiting for one answer keeps the others), and the frames it sends.
 */
public final class ChannelClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration QUIET = Duration.ofMillis(700);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<URI> LIVE_FEEDS = ConcurrentHashMap.newKeySet();

    private final TestWebSocket socket;
    private final String clientId;
    private final String userId;
    private final String token;
    private final String node;
    private final Deque<String> held = new ArrayDeque<>();

    private ChannelClient(TestWebSocket socket, String clientId, String userId, String token, String node) {
        this.socket = socket;
        this.clientId = clientId;
        this.userId = userId;
        this.token = token;
        this.node = node;
    }

    /** A new anonymous client (a user of its own) of the gateway at {@code base}, once welcomed. */
    public static ChannelClient connect(URI base) throws Exception {
        return connect(base, null);
    }

    /** A new client of the gateway at {@code base} acting for the user whose token {@code as} holds (null: a new one). */
    public static ChannelClient connect(URI base, ChannelClient as) throws Exception {
        return connect(base, as, null);
    }

    /** The same, for a page at {@code pageUrl} (the client's {@code ?url=}, which puts it in a scope), if not null. */
    public static ChannelClient connect(URI base, ChannelClient as, String pageUrl) throws Exception {
        URI ws = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws"
                + (pageUrl == null ? "" : "?url=" + URLEncoder.encode(pageUrl, StandardCharsets.UTF_8)));
        TestWebSocket socket = as == null
                ? TestWebSocket.connect(ws)
                : TestWebSocket.connect(ws, Map.of("Authorization", "Bearer " + as.token));
        JsonNode welcome = JSON.readTree(socket.frames().next(WAIT));
        String token =
                welcome.has("anonymousToken") ? welcome.get("anonymousToken").asText() : as.token;
        return new ChannelClient(
                socket,
                welcome.get("clientId").asText(),
                welcome.get("userId").asText(),
                token,
                welcome.get("node").asText());
    }

    /**
     * Once per gateway: the node's feed consumer starts from the newest record once it has its partitions, so
     * publish until it delivers and no test's first publication goes before that.
     */
    public static void awaitFeedLive(URI base) throws Exception {
        awaitFeedLive(base, "live");
    }

    /** The same, probing with a channel of {@code namespace}, which must let clients publish. */
    public static void awaitFeedLive(URI base, String namespace) throws Exception {
        if (LIVE_FEEDS.contains(base)) {
            return;
        }
        try (ChannelClient probe = connect(base)) {
            String channel = namespace + ":probe-" + UUID.randomUUID();
            probe.subscribe(channel);
            long deadline = System.nanoTime() + WAIT.toNanos();
            JsonNode delivered = null;
            while (delivered == null && System.nanoTime() < deadline) {
                probe.send(publish(channel, 0, true));
                delivered = probe.next(ChannelClient::isPublication, QUIET);
            }
            require(delivered);
        }
        LIVE_FEEDS.add(base);
    }

    public String clientId() {
        return clientId;
    }

    public String userId() {
        return userId;
    }

    /** The gateway node holding the connection. */
    public String node() {
        return node;
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
        if (!"subscribed".equals(subscribed.get("type").asText())) {
            throw new AssertionError("not subscribed to " + channel + ": " + subscribed);
        }
        return subscribed;
    }

    public JsonNode nextPublication() throws Exception {
        return require(next(ChannelClient::isPublication, WAIT));
    }

    /** The next frame (received or held) that matches. */
    public JsonNode next(Predicate<String> wanted) throws Exception {
        return require(next(wanted, WAIT));
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
        for (Iterator<String> it = held.iterator(); it.hasNext(); ) {
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
        if (frame == null) {
            throw new AssertionError("no frame within " + WAIT);
        }
        return frame;
    }

    @Override
    public void close() {
        socket.close();
    }
}
