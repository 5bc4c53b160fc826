package dev.switchboard.worker.event;

import java.nio.charset.StandardCharsets;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.PushMessages;
import dev.switchboard.worker.api.PushEvent;
import dev.switchboard.worker.api.ServiceWorker;
import io.cloudevents.CloudEvent;

/** {@code push}: a push message push-service accepted for a connected user ({@link PushMessages.Push}). */
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

        private final PushMessages.Push push;

        Push(EventContext.Seed seed, CloudEvent event) {
            super(seed, event);
            this.push = PushMessages.readPush(event);
        }

        @Override
        public byte[] data() {
            return push.data() == null ? new byte[0] : push.data().getBytes(StandardCharsets.UTF_8);
        }
    }
}
