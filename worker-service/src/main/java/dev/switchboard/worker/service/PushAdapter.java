package dev.switchboard.worker.service;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.worker.api.PushEvent;
import dev.switchboard.worker.api.ServiceWorker;
import io.cloudevents.CloudEvent;

/** {@code push}: a push message push-service accepted for a connected user ({@code {"messageId","data",…}}). */
public final class PushAdapter implements EventAdapter {

    @Override
    public String eventType() {
        return EventTypes.PUSH_PUSH;
    }

    @Override
    public String kind() {
        return "push";
    }

    @Override
    public EventContext open(CloudEvent event, EventContext.Seed seed) {
        JsonNode text = UserEventData.of(event, seed.json()).path("data");
        byte[] bytes = text.isTextual() ? text.asText().getBytes(StandardCharsets.UTF_8) : new byte[0];
        return new Push(seed, SwitchboardEvents.userId(event), bytes);
    }

    @Override
    public void call(ServiceWorker worker, EventContext event) {
        worker.onPush((PushEvent) event);
    }

    private static final class Push extends EventContext implements PushEvent {

        private final String userId;
        private final byte[] data;

        Push(EventContext.Seed seed, String userId, byte[] data) {
            super(seed);
            this.userId = userId;
            this.data = data;
        }

        @Override
        public String userId() {
            return userId;
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }
}
