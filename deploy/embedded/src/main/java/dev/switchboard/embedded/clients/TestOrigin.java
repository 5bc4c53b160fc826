package dev.switchboard.embedded.clients;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * after {@code " body="}.
 */
public final class TestOrigin implements AutoCloseable {

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: ~40 ms per request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final AtomicInteger served = new AtomicInteger();
    private final AtomicLong delayMillis = new AtomicLong();
    private final int port;
    private HttpServer server;
    private ExecutorService executor;

    public TestOrigin() {
        this(0);
    }

    private TestOrigin(int port) {
        this.port = bind(port).getAddress().getPort();
    }

    /** {@code http://127.0.0.1:port}. */
    public String origin() {
        return "http://127.0.0.1:" + port;
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
                HttpServer created = HttpServer.create(new InetSocketAddress("127.0.0.1", wanted), 128);
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
            String query = exchange.getRequestURI().getQuery();
            int status = query != null && query.startsWith("status=") ? Integer.parseInt(query.substring(7)) : 200;
            String text = exchange.getRequestURI().getPath() + " #" + n
                    + (requestBody.length == 0 ? "" : " body=" + new String(requestBody, StandardCharsets.UTF_8));
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(status, "HEAD".equals(exchange.getRequestMethod()) ? -1 : body.length);
            if (!"HEAD".equals(exchange.getRequestMethod())) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
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
