package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.switchboard.contract.event.Topics;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;

/**
 * Closed-loop WebSocket clients through the whole suite: each sends a {@code message} frame to the gateway, which
 * puts it on Kafka; the echo worker answers it; the gateway holding the client writes the answer; on that
 * {@code message} frame the client sends its next one. The gateway's {@code ack} frames are passed over.
 */
final class SuiteLoop extends ClosedLoop {

    private final Vertx vertx = Vertx.vertx();
    private final int port;
    private final String payload;
    private final List<WebSocket> sockets = new ArrayList<>();
    private WebSocketClient client;

    SuiteLoop(int port, int payloadBytes) {
        this.port = port;
        this.payload = "x".repeat(payloadBytes);
    }

    @Override
    void start(int count) throws Exception {
        client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(count + 1));
        List<CompletableFuture<Void>> welcomed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CompletableFuture<Void> ready = new CompletableFuture<>();
            welcomed.add(ready);
            client.connect(port, "127.0.0.1", "/ws")
                    .onSuccess(socket -> {
                        synchronized (sockets) {
                            sockets.add(socket);
                        }
                        long[] sent = {0};
                        socket.textMessageHandler(text -> {
                            JsonObject frame = new JsonObject(text);
                            switch (frame.getString("type")) {
                                case "welcome" -> {
                                    ready.complete(null);
                                    sent[0] = send(socket);
                                }
                                case "message" -> {
                                    replied(sent[0]);
                                    sent[0] = send(socket);
                                }
                                default -> {}
                            }
                        });
                    })
                    .onFailure(ready::completeExceptionally);
            // A steady stream of connections, not one burst: admission writes each to the registry.
            if (i % 32 == 31) {
                CompletableFuture.allOf(welcomed.toArray(CompletableFuture[]::new))
                        .get(60, TimeUnit.SECONDS);
            }
        }
        CompletableFuture.allOf(welcomed.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    private long send(WebSocket socket) {
        long now = System.nanoTime();
        socket.writeTextMessage("{\"type\":\"message\",\"data\":\"" + payload + "\"}");
        return now;
    }

    @Override
    public void close() throws Exception {
        synchronized (sockets) {
            sockets.forEach(WebSocket::close);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Override
    String requestTopic() {
        return Topics.EVENTS;
    }

    @Override
    String replyTopic() {
        return Topics.DELIVERIES;
    }
}
