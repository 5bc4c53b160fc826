package dev.switchboard.cache.api;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP origin on loopback serving what the WPT resources folder serves: {@code simple.txt}, {@code blank.html},
 * {@code fetch-status?status=N}, {@code vary?vary=H} (a response with {@code Vary: H}, or, as WPT's {@code vary.py}, the
 * value of the request's {@code vary-value-override} cookie when it has one), {@code big?bytes=N}; 404 otherwise.
 */
public final class TestUpstream implements AutoCloseable {

    public static final String SIMPLE_TEXT = "a simple text file\n";
    /** The cookie whose value {@code vary} answers as its {@code Vary} header, whatever the query says. */
    public static final String VARY_OVERRIDE_COOKIE = "vary-value-override";

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    public TestUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::serve);
        server.start();
    }

    /** The origin, {@code http://127.0.0.1:port}. */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int requests() {
        return requests.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getQuery() == null
                ? ""
                : exchange.getRequestURI().getQuery();
        switch (path) {
            case "/resources/simple.txt" ->
                reply(exchange, 200, "text/plain", SIMPLE_TEXT.getBytes(StandardCharsets.UTF_8));
            case "/resources/blank.html" ->
                reply(
                        exchange,
                        200,
                        "text/html",
                        "<!DOCTYPE html>\n<title>Empty doc</title>\n".getBytes(StandardCharsets.UTF_8));
            case "/resources/fetch-status" ->
                reply(exchange, Integer.parseInt(query.replace("status=", "")), "text/plain", new byte[0]);
            case "/resources/vary" -> {
                String override = cookie(exchange, VARY_OVERRIDE_COOKIE);
                exchange.getResponseHeaders().add("Vary", override != null ? override : query.replace("vary=", ""));
                reply(exchange, 200, "text/plain", "vary".getBytes(StandardCharsets.UTF_8));
            }
            case "/resources/big" -> {
                byte[] body = new byte[Integer.parseInt(query.replace("bytes=", ""))];
                java.util.Arrays.fill(body, (byte) 'F');
                reply(exchange, 200, "application/octet-stream", body);
            }
            default -> reply(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String cookie(HttpExchange exchange, String name) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String pair : header.split(";")) {
                String[] cookie = pair.strip().split("=", 2);
                if (cookie.length == 2 && cookie[0].equals(name)) {
                    return cookie[1];
                }
            }
        }
        return null;
    }

    private static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
