package dev.switchboard.worker.service;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.worker.api.PushEvent;
import io.cloudevents.CloudEvent;

/** {@code dev.switchboard.push.push} → {@link PushEvent} → {@code onPush}. */
final class PushEvents {

    private PushEvents() {
    }

    static Adapted adapt(CloudEvent event, JsonNode data, EventContext context) {
        JsonNode text = data.path("data");
        byte[] bytes = text.isTextual() ? text.asText().getBytes(StandardCharsets.UTF_8) : new byte[0];
        Push push = new Push(event, context, bytes);
        return new Adapted(push, "onPush", worker -> worker.onPush(push));
    }

    private static final class Push extends ScopedEvent implements PushEvent {
        private final byte[] data;

        Push(CloudEvent event, EventContext context, byte[] data) {
            super(event, context);
            this.data = data;
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }
}
