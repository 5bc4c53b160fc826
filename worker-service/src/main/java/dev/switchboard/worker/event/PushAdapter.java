package dev.switchboard.worker.event;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.worker.api.PushEvent;
import dev.switchboard.worker.api.ServiceWorker;
import io.cloudevents.CloudEvent;

/** {@code push}: a push message push-service accepted for a connected user ({@code {"messageId","data",…}}). */
public final class PushAdapter extends UserEventAdapter {

    public PushAdapter() {
        super(EventTypes.PUSH_PUSH, "push");
    }

    @Override
    public EventContext open(CloudEvent event, EventContext.Seed seed) {
        return new Push(seed, event);
    }

    @Override
    public void call(ServiceWorker worker, EventContext event) {
        worker.onPush((PushEvent) event);
    }

    private static final class Push extends UserEvent implements PushEvent {

        Push(EventContext.Seed seed, CloudEvent event) {
            super(seed, event);
        }

        @Override
        public byte[] data() {
            JsonNode text = fields().path("data");
            return text.isTextual() ? text.asText().getBytes(StandardCharsets.UTF_8) : new byte[0];
        }
    }
}
