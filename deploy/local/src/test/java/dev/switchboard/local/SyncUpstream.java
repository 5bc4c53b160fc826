package dev.switchboard.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * The upstream the built-in echo worker's {@code onSync} calls ({@code switchboard.worker.echo.sync-upstream}): it
 * fails each tag as often as it was told, then succeeds, and records every call. Every worker of the suite points
 * at it, so a sync attempt calls it whichever worker node handles it.
 */
final class SyncUpstream implements AutoCloseable {

    private final Map<String, List<Map<String, String>>> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private final HttpServer server;

    SyncUpstream() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the sync upstream", e);
        }
        server.createContext("/sync", exchange -> {
            String tag = exchange.getRequestHeaders().getFirst("X-Sync-Tag");
            int status = failuresLeft
                                    .computeIfAbsent(tag, ignored -> new AtomicInteger())
                                    .getAndDecrement()
                            > 0
                    ? 500
                    : 200;
            Map<String, String> call = new HashMap<>();
            call.put("attempt", exchange.getRequestHeaders().getFirst("X-Sync-Attempt"));
            call.put("lastChance", exchange.getRequestHeaders().getFirst("X-Sync-Last-Chance"));
            call.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            call.put("status", String.valueOf(status));
            calls.computeIfAbsent(tag, ignored -> new CopyOnWriteArrayList<>()).add(call);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sync";
    }

    /** Calls for {@code tag} fail this many times before they succeed. */
    void failFirst(String tag, int failures) {
        failuresLeft.put(tag, new AtomicInteger(failures));
    }

    List<Map<String, String>> calls(String tag) {
        return List.copyOf(calls.getOrDefault(tag, List.of()));
    }

    void awaitCalls(String tag, int count, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (calls(tag).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "the upstream saw " + calls(tag) + " for " + tag + ", wanted " + count + " calls");
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
