package dev.switchboard.testsupport.clients;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real upstream origin on loopback that a test can make slow ({@link #delay}) or take down ({@link #stop}:
 * connection refused) and bring back on the same port ({@link #start}). Every path answers 200
 * {@code text/plain} with {@code "<path> #<n>"}, n counting the requests it served, so a test can tell a
 * fresh response from a cached one; {@code ?status=N} answers with status N instead; a request body is echoed
 * after {@code " body="}. {@code ?redirect=URL} answers 302 to that URL; {@code ?headers} answers with the request's
 * headers, one {@code name: value} per line (names in lower case); {@code ?bytes=N} answers with N bytes.
 */
public final class TestOrigin implements AutoCloseable {

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: ~40 ms per request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final AtomicInteger served = new AtomicInteger();
    private final AtomicLong delayMillis = new AtomicLong();
    private final String host;
    private final int port;
    private HttpServer server;
    private ExecutorService executor;

    public TestOrigin() {
        this("127.0.0.1");
    }

    private TestOrigin(String host) {
        this.host = host;
        this.port = bind(0).getAddress().getPort();
    }

    /**
     * An origin on another loopback address, e.g. {@code 127.0.0.2}: one the outbound policy of a test that allows
     * only {@code 127.0.0.1} must never reach.
     */
    public static TestOrigin on(String loopbackAddress) {
        return new TestOrigin(loopbackAddress);
    }

    /** {@code http://127.0.0.1:port} (or the address it was made {@link #on}). */
    public String origin() {
        return "http://" + host + ":" + port;
    }

    public int port() {
        return port;
    }

    /** Requests served so far. */
    public int served() {
        return served.get();
    }

    /** Every later response waits this long first. */
    public void delay(Duration delay) {
        delayMillis.set(delay.toMillis());
    }

    /** Stops listening: connections are refused until {@link #start}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** Listens again on the same port. */
    public synchronized void start() {
        if (server == null) {
            bind(port);
        }
    }

    private synchronized HttpServer bind(int wanted) {
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                HttpServer created = HttpServer.create(new InetSocketAddress(host, wanted), 128);
                executor = Executors.newFixedThreadPool(8);
                created.setExecutor(executor);
                created.createContext("/", this::serve);
                created.start();
                server = created;
                return created;
            } catch (BindException e) {
                last = e;
                sleep(100);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new UncheckedIOException("cannot listen on port " + wanted + " again", last);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            sleep(delayMillis.get());
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            int n = served.incrementAndGet();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            int status = query.containsKey("status") ? Integer.parseInt(query.get("status")) : 200;
            if (query.containsKey("redirect")) {
                status = 302;
                exchange.getResponseHeaders().add("Location", query.get("redirect"));
            }
            byte[] body;
            if (query.containsKey("headers")) {
                StringBuilder headers = new StringBuilder();
                exchange.getRequestHeaders()
                        .forEach((name, values) -> values.forEach(value -> headers.append(name.toLowerCase(Locale.ROOT))
                                .append(": ")
                                .append(value)
                                .append('\n')));
                body = headers.toString().getBytes(StandardCharsets.UTF_8);
            } else if (query.containsKey("bytes")) {
                body = new byte[Integer.parseInt(query.get("bytes"))];
            } else {
                body = (exchange.getRequestURI().getPath() + " #" + n
                                + (requestBody.length == 0
                                        ? ""
                                        : " body=" + new String(requestBody, StandardCharsets.UTF_8)))
                        .getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(status, "HEAD".equals(exchange.getRequestMethod()) ? -1 : body.length);
            if (!"HEAD".equals(exchange.getRequestMethod())) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                parameters.put(
                        URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
                        equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
