package dev.switchboard.worker.event;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.InvalidEventException;
import dev.switchboard.contract.event.SwitchboardEvents;
import io.cloudevents.CloudEvent;

/**
 * The base of the events about one user that push-service or a client's notification frames wake a worker with
 * (push, subscription change, notification click and close, sync): the user and the JSON object they carry.
 */
abstract class UserEvent extends EventContext {

    private final String userId;
    private final JsonNode data;

    UserEvent(EventContext.Seed seed, CloudEvent event) {
        super(seed);
        this.userId = SwitchboardEvents.userId(event);
        this.data = object(event, seed.json());
    }

    public String userId() {
        return userId;
    }

    @Override
    public EventUser user() {
        return EventUser.of(userId);
    }

    /** The event's JSON object. */
    JsonNode fields() {
        return data;
    }

    private static JsonNode object(CloudEvent event, ObjectMapper json) {
        byte[] bytes = SwitchboardEvents.data(event);
        try {
            JsonNode data = bytes == null ? null : json.readTree(bytes);
            if (data == null || !data.isObject()) {
                throw new InvalidEventException("event " + event.getId() + " carries no JSON object");
            }
            return data;
        } catch (IOException e) {
            throw new InvalidEventException("event " + event.getId() + " carries data that is not JSON");
        }
    }
}
