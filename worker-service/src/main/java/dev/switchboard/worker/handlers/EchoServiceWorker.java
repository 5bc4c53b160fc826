package dev.switchboard.worker.handlers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.Registrations;
import dev.switchboard.worker.api.MessageEvent;
import dev.switchboard.worker.api.NotificationEvent;
import dev.switchboard.worker.api.PushEvent;
import dev.switchboard.worker.api.ServiceWorker;
import dev.switchboard.worker.api.SyncEvent;
import dev.switchboard.worker.config.WorkerConfig;
import io.smallrye.common.annotation.Identifier;

/**
 * Built-in worker of the {@code echo} registration (the gateway's default): answers every message with
 * {@code {"echo": <data>}} (a binary message with the same bytes, binary); shows every push as a notification
 * titled {@code echo} with the push's text as its body; answers a notification click or close to the client it
 * came from; and, when {@code switchboard.worker.echo.sync-upstream} is set, POSTs each sync attempt's payload
 * there (a non-2xx answer fails the attempt).
 */
@ApplicationScoped
@Identifier(EchoServiceWorker.REGISTRATION)
public class EchoServiceWorker implements ServiceWorker {

    public static final String REGISTRATION = Registrations.ECHO;

    private final ObjectMapper json;
    private final Optional<URI> syncUpstream;
    private final Duration syncTimeout;
    private final HttpClient http;

    @Inject
    public EchoServiceWorker(ObjectMapper json, WorkerConfig config) {
        this(json, config.echo().syncUpstream(), config.echo().syncTimeout());
    }

    /** Outside CDI (a runtime built by hand in tests): where sync payloads go, if anywhere, and its time limit. */
    public EchoServiceWorker(ObjectMapper json, Optional<URI> syncUpstream, Duration syncTimeout) {
        this.json = json;
        this.syncUpstream = syncUpstream;
        this.syncTimeout = syncTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(syncTimeout).build();
    }

    @Override
    public void onMessage(MessageEvent event) {
        if (event.data().isBinary()) {
            event.source().postMessage(binary(event));
            return;
        }
        event.source().postMessage(Map.of("echo", event.data()));
    }

    private static byte[] binary(MessageEvent event) {
        try {
            return event.data().binaryValue();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a binary node without bytes", e);
        }
    }

    @Override
    public void onPush(PushEvent event) {
        event.self()
                .registration()
                .showNotification(event.userId(), "echo", Map.of("body", event.text(), "tag", "push"));
    }

    @Override
    public void onNotificationClick(NotificationEvent event) {
        answer(event, "notificationclick");
    }

    @Override
    public void onNotificationClose(NotificationEvent event) {
        answer(event, "notificationclose");
    }

    private static void answer(NotificationEvent event, String type) {
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("tag", event.tag());
        what.put("action", event.action());
        what.put("data", event.data());
        event.source().postMessage(Map.of(type, what));
    }

    @Override
    public void onSync(SyncEvent event) {
        if (syncUpstream.isEmpty()) {
            return;
        }
        try {
            HttpResponse<Void> answer = http.send(
                    HttpRequest.newBuilder(syncUpstream.get())
                            .timeout(syncTimeout)
                            .header("Content-Type", "application/json")
                            .header("X-Sync-Tag", event.tag())
                            .header("X-Sync-Attempt", Integer.toString(event.attempt()))
                            .header("X-Sync-Last-Chance", Boolean.toString(event.lastChance()))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(event.payload())))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() / 100 != 2) {
                throw new IllegalStateException("the sync upstream answered " + answer.statusCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the sync upstream could not be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the sync upstream", e);
        }
    }
}
