package dev.switchboard.push.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A push service on loopback whose answers the test scripts per endpoint (then 201 once the script is used up),
 * and which records every request it gets: to drive retries, 404/410, 429 and expiry through real HTTP.
 */
final class ScriptedPushService implements AutoCloseable {

    /** One answer: a status and, for a 429 or 503, a {@code Retry-After} value (or null). */
    record Answer(int status, String retryAfter) {}

    /** One request as received. */
    record Received(long atMillis, Map<String, List<String>> headers, int bodyBytes) {

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(header -> header.getKey().equalsIgnoreCase(name))
                    .map(header -> header.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();

    ScriptedPushService() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/push/", this::handle);
        server.start();
    }

    /** A new endpoint that will give {@code answers} in order, then 201 for ever. */
    String endpoint(String name, Answer... answers) {
        scripts.put(name, new ArrayDeque<>(List.of(answers)));
        received.put(name, new CopyOnWriteArrayList<>());
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/push/" + name;
    }

    List<Received> received(String name) {
        return new ArrayList<>(received.get(name));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath().substring("/push/".length());
        int bodyBytes = exchange.getRequestBody().readAllBytes().length;
        received.computeIfAbsent(name, ignored -> new CopyOnWriteArrayList<>())
                .add(new Received(System.currentTimeMillis(), Map.copyOf(exchange.getRequestHeaders()), bodyBytes));
        Deque<Answer> script = scripts.get(name);
        Answer answer;
        synchronized (this) {
            answer = script == null || script.isEmpty() ? new Answer(201, null) : script.poll();
        }
        if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
        }
        exchange.sendResponseHeaders(answer.status(), -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
