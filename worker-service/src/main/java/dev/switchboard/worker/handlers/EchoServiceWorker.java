package dev.switchboard.worker.handlers;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.worker.api.MessageEvent;
import dev.switchboard.worker.api.ServiceWorker;
import io.smallrye.common.annotation.Identifier;

/**
 * Built-in worker of the {@code echo} registration: answers every message with {@code {"echo": <data>}}, and a
 * binary message with the same bytes, binary.
 */
@ApplicationScoped
@Identifier(EchoServiceWorker.REGISTRATION)
public class EchoServiceWorker implements ServiceWorker {

    public static final String REGISTRATION = "echo";

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
}
