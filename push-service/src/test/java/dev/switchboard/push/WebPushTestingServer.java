package dev.switchboard.push;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.embedded.FreePorts;
import dev.switchboard.push.rest.JsonHttp;
import io.quarkus.logging.Log;

/**
 * npm {@code web-push-testing} as a child process on a free loopback port: an independent push service that checks
 * the VAPID signature of every message, decrypts it, and keeps the plaintext for the test to read.
 */
public final class WebPushTestingServer implements AutoCloseable {

    private final Process process;
    private final JsonHttp api;

    private WebPushTestingServer(Process process, int port) {
        this.process = process;
        this.api = new JsonHttp(URI.create("http://127.0.0.1:" + port + "/"));
    }

    public static WebPushTestingServer start() {
        Path tools = Path.of(System.getProperty("switchboard.test-tools", "../test-tools"));
        if (!Files.isDirectory(tools.resolve("node_modules/web-push-testing"))) {
            throw new IllegalStateException("web-push-testing is not installed in " + tools.toAbsolutePath()
                    + " (the build runs npm ci there)");
        }
        int port = FreePorts.next();
        try {
            Path script = Path.of(WebPushTestingServer.class
                    .getResource("/web-push-testing-loopback.js")
                    .toURI());
            Process process = new ProcessBuilder(
                            "node", script.toString(), tools.toAbsolutePath().toString(), Integer.toString(port))
                    .redirectErrorStream(true)
                    .start();
            awaitReady(process);
            return new WebPushTestingServer(process, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitReady(Process process) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread output = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            Log.infof("[web-push-testing] %s", line);
                            if (line.startsWith("Server running on port")) {
                                ready.complete(null);
                            }
                        }
                        ready.completeExceptionally(
                                new IllegalStateException("web-push-testing exited before it was ready"));
                    } catch (IOException e) {
                        ready.completeExceptionally(e);
                    }
                },
                "web-push-testing-output");
        output.setDaemon(true);
        output.start();
        try {
            ready.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("web-push-testing did not start", e);
        }
    }

    /** A browser subscribing with {@code applicationServerKey}: the PushSubscription JSON plus its {@code clientHash}. */
    public JsonNode subscribe(String applicationServerKey) {
        JsonHttp.Reply reply =
                api.post("/subscribe", Map.of("applicationServerKey", applicationServerKey, "userVisibleOnly", "true"));
        if (reply.status() != 200) {
            throw new IllegalStateException("subscribe failed: " + reply);
        }
        return reply.body().path("data");
    }

    /** The plaintexts the push service received and decrypted for the subscription, in order. */
    public JsonNode messages(String clientHash) {
        return api.post("/get-notifications", Map.of("clientHash", clientHash))
                .body()
                .path("data")
                .path("messages");
    }

    /** Expires the subscription: the push service answers 410 from now on. */
    public void expire(String clientHash) {
        JsonHttp.Reply reply = api.post("/expire-subscription/" + clientHash, "");
        if (reply.status() != 200) {
            throw new IllegalStateException("expire failed: " + reply);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
