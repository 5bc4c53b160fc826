package dev.switchboard.worker.bundles;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.cache.api.CacheException;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.CacheStorage;
import dev.switchboard.worker.api.Client;
import dev.switchboard.worker.api.ClientQueryOptions;
import dev.switchboard.worker.api.ClientType;
import dev.switchboard.worker.api.ExtendableEvent;
import dev.switchboard.worker.api.FetchEvent;
import dev.switchboard.worker.api.MessageChannel;
import dev.switchboard.worker.api.MessageEvent;
import dev.switchboard.worker.api.NotificationEvent;
import dev.switchboard.worker.api.PushEvent;
import dev.switchboard.worker.api.ServiceWorker;
import dev.switchboard.worker.api.SubscribeEvent;
import dev.switchboard.worker.api.SyncEvent;

/**
 * The worker of the test bundles, loaded from a jar built at test time in its own class loader (so it may use
 * only the worker API, the Cache API, Jackson and the JDK). Its behaviour comes from {@code /probe.properties}
 * in the jar, the way a real bundle's code differs between versions: {@code name} (also its cache
 * {@code static-<name>}), {@code install} and {@code activate} = the {@code waitUntil} promises the handler
 * extends its event with, joined by {@code +}, each ok|fail|hold (e.g. {@code hold+fail+hold}), {@code skipWaiting}
 * (in install), {@code claim}, {@code fetch} = network (a fetch event is answered by {@code self.fetch}, or, when
 * that fails, by a 200 naming the failure). Messages: {@code "wait"} holds the event, {@code "claim"} claims,
 * {@code "skipWaiting"} calls {@code skipWaiting()} and holds the event, {@code {"put": n}} puts an n-byte body in
 * cache {@code quota-<name>} and answers {@code {"stored": true}} or {@code {"refused": kind, "message": …}}. A held promise completes when the test sets
 * the system property {@code probe.<gate>} (the JDK is the only thing the test and the bundle share): the n-th
 * promise of install is gate {@code install-<name>} (n = 1) or {@code install-<name>-<n>}, likewise for activate; a
 * held message {@code message-<name>} or {@code skip-waiting-<name>}.
 *
 * <p>
 * {@code self.clients()}: a message that is a JSON object is a query answered to its source ({@code {"matchAll":
 * {"type":…,"includeUncontrolled":…}}} → {@code {"clients":[…]}}, {@code {"get":id}} → {@code {"client":…|null}},
 * {@code {"activateSaw":true}} → how many clients {@code onActivate} saw, counted when {@code clients=true});
 * with {@code clients=true} a fetch is answered with the ids of {@code matchAll({type:'all'})}; a push, a sync and a
 * notification click are posted to every client {@code matchAll({type:'all', includeUncontrolled:true})} returns.
 * {@code onSubscribe} decides by the channel's last segment ({@link #onSubscribe}); {@code {"pair": id}} and
 * {@code {"orphan": true}} make MessageChannels ({@link #connect}; with {@code "fail": true} the handler then fails); {@code {"reply": x}} posts {@code {"pong": x}} on
 * the first port the message brought, {@code {"forward": id}} passes the message's ports to client {@code id}.
 */
public class ProbeWorker implements ServiceWorker {

    private static final ClientQueryOptions EVERY_CLIENT = new ClientQueryOptions(true, ClientType.ALL);
    private static final String ACTIVATE_SAW = "https://probe/activate-saw";

    private final Properties config = new Properties();

    public ProbeWorker() {
        try (InputStream in = ProbeWorker.class.getResourceAsStream("/probe.properties")) {
            if (in != null) {
                config.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("probe.properties unreadable", e);
        }
    }

    @Override
    public void onInstall(ExtendableEvent event) {
        String name = name();
        event.self().caches().open("static-" + name).put("https://probe/" + name, CacheResponse.ok(name));
        if (Boolean.parseBoolean(config.getProperty("skipWaiting", "false"))) {
            event.self().skipWaiting();
        }
        extend(event, "install");
    }

    @Override
    public void onActivate(ExtendableEvent event) {
        CacheStorage caches = event.self().caches();
        // The usual activate handler: delete the caches of older versions.
        caches.keys().stream()
                .filter(cache -> !cache.equals("static-" + name()))
                .forEach(caches::delete);
        if (Boolean.parseBoolean(config.getProperty("claim", "false"))) {
            event.self().clients().claim();
        }
        if (countsClients()) {
            // An event for no user: what it sees depends on the registration's cross-user capability only.
            int seen = event.self().clients().matchAll(EVERY_CLIENT).size();
            caches.open("static-" + name()).put(ACTIVATE_SAW, CacheResponse.ok(String.valueOf(seen)));
        }
        extend(event, "activate");
    }

    /** The {@code waitUntil} promises the {@code phase} property lists, in order. */
    private void extend(ExtendableEvent event, String phase) {
        String[] promises = config.getProperty(phase, "ok").split("\\+");
        for (int i = 0; i < promises.length; i++) {
            String gate = phase + "-" + name() + (i == 0 ? "" : "-" + (i + 1));
            switch (promises[i]) {
                case "fail" ->
                    event.waitUntil(CompletableFuture.failedFuture(new IllegalStateException(phase + " refused")));
                case "hold" -> event.waitUntil(gate(gate));
                default -> {}
            }
        }
    }

    /** A channel ending {@code :open} is allowed, {@code :closed} refused, {@code :fail} fails; others undecided. */
    @Override
    public void onSubscribe(SubscribeEvent event) {
        String channel = event.channel();
        if (channel.endsWith(":open")) {
            event.allow();
        } else if (channel.endsWith(":closed")) {
            event.refuse("closed to " + event.client().userId());
        } else if (channel.endsWith(":fail")) {
            throw new IllegalStateException("onSubscribe failed on purpose");
        }
    }

    @Override
    public void onMessage(MessageEvent event) {
        if (event.data().path("put").canConvertToInt()) {
            event.source()
                    .postMessage(
                            put(event.self().caches(), event.data().get("put").asInt()));
            return;
        }
        if (event.data().has("reply")) {
            event.ports().get(0).postMessage(Map.of("pong", event.data().get("reply")));
            return;
        }
        if (event.data().has("forward")) {
            event.self()
                    .clients()
                    .get(event.data().get("forward").asText())
                    .orElseThrow()
                    .postMessage(Map.of("forwarded", true), event.ports());
            return;
        }
        if (event.data().has("pair") || event.data().has("orphan")) {
            connect(event);
            return;
        }
        if (event.data().isObject()) {
            answerQuery(event);
            return;
        }
        if ("wait".equals(event.data().asText())) {
            event.waitUntil(gate("message-" + name()));
        }
        if ("claim".equals(event.data().asText())) {
            event.self().clients().claim();
        }
        if ("skipWaiting".equals(event.data().asText())) {
            event.self().skipWaiting();
            event.waitUntil(gate("skip-waiting-" + name()));
        }
        event.source().postMessage(Map.of("version", name(), "echo", event.data()));
    }

    /**
     * {@code {"pair": id}}: a MessageChannel between the source (port1) and client {@code id} (port2), each told
     * {@code {"pair": true}}; {@code {"orphan": true}}: a MessageChannel passed to no one.
     */
    private static void connect(MessageEvent event) {
        MessageChannel channel = event.self().messageChannel();
        if (event.data().path("fail").asBoolean(false)) {
            throw new IllegalStateException("failing after creating a MessageChannel, on purpose");
        }
        if (event.data().has("pair")) {
            Client other = event.self()
                    .clients()
                    .get(event.data().get("pair").asText())
                    .orElseThrow();
            event.source().postMessage(Map.of("pair", true), List.of(channel.port1()));
            other.postMessage(Map.of("pair", true), List.of(channel.port2()));
        }
    }

    private void answerQuery(MessageEvent event) {
        JsonNode query = event.data();
        Map<String, Object> answer = new LinkedHashMap<>();
        if (query.has("matchAll")) {
            JsonNode options = query.get("matchAll");
            answer.put(
                    "clients",
                    event
                            .self()
                            .clients()
                            .matchAll(new ClientQueryOptions(
                                    options.path("includeUncontrolled").asBoolean(false),
                                    ClientType.of(options.path("type").asText("window"))))
                            .stream()
                            .map(ProbeWorker::describe)
                            .toList());
        }
        if (query.has("get")) {
            answer.put(
                    "client",
                    event.self()
                            .clients()
                            .get(query.get("get").asText())
                            .map(ProbeWorker::describe)
                            .orElse(null));
        }
        if (query.has("activateSaw")) {
            answer.put(
                    "activateSaw",
                    event.self()
                            .caches()
                            .open("static-" + name())
                            .match(ACTIVATE_SAW)
                            .map(CacheResponse::text)
                            .orElse(""));
        }
        event.source().postMessage(answer);
    }

    private static Map<String, String> describe(Client client) {
        return Map.of("id", client.id(), "type", client.type(), "userId", client.userId(), "url", client.url());
    }

    @Override
    public void onPush(PushEvent event) {
        tellEveryClient(event, Map.of("push", event.text(), "user", event.userId()));
    }

    @Override
    public void onSync(SyncEvent event) {
        tellEveryClient(event, Map.of("sync", event.tag(), "user", event.userId()));
    }

    @Override
    public void onNotificationClick(NotificationEvent event) {
        tellEveryClient(event, Map.of("notificationclick", event.tag(), "user", event.userId()));
    }

    /** What a push handler does to reach its user's devices: every client it may see, controlled or not. */
    private static void tellEveryClient(ExtendableEvent event, Map<String, String> message) {
        event.self().clients().matchAll(EVERY_CLIENT).forEach(client -> client.postMessage(message));
    }

    @Override
    public void onFetch(FetchEvent event) {
        if (countsClients()) {
            List<Client> seen = event.self().clients().matchAll(ClientQueryOptions.DEFAULT.withType(ClientType.ALL));
            event.respondWith(CacheResponse.ok(seen.stream().map(Client::id).collect(Collectors.joining(","))));
            return;
        }
        if ("network".equals(config.getProperty("fetch"))) {
            try {
                event.respondWith(event.self().fetch(event.request()));
            } catch (CacheException e) {
                event.respondWith(CacheResponse.ok("network failed: " + e.getMessage()));
            }
            return;
        }
        event.respondWith(CacheResponse.ok("fetched by " + name()));
    }

    private boolean countsClients() {
        return Boolean.parseBoolean(config.getProperty("clients", "false"));
    }

    private Map<String, Object> put(CacheStorage caches, int bytes) {
        try {
            caches.open("quota-" + name())
                    .put("https://probe/" + name() + "/" + bytes, CacheResponse.ok("x".repeat(bytes)));
            return Map.of("stored", true);
        } catch (CacheException e) {
            return Map.of("refused", e.kind().name(), "message", e.getMessage());
        }
    }

    private String name() {
        return config.getProperty("name", "unnamed");
    }

    private static CompletableFuture<Void> gate(String gate) {
        return CompletableFuture.runAsync(() -> {
            while (System.getProperty("probe." + gate) == null) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted at gate " + gate, e);
                }
            }
        });
    }
}
