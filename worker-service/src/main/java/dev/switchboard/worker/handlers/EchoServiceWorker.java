package dev.switchboard.worker.handlers;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.worker.api.MessageEvent;
import dev.switchboard.worker.api.ServiceWorker;
import io.smallrye.common.annotation.Identifier;

/** Built-in worker of the {@code echo} registration: answers every message with {@code {"echo": <data>}}. */
@ApplicationScoped
@Identifier(EchoServiceWorker.REGISTRATION)
public class EchoServiceWorker implements ServiceWorker {

    public static final String REGISTRATION = "echo";

    @Override
    public void onMessage(MessageEvent event) {
        event.source().postMessage(Map.of("echo", event.data()));
    }
}
