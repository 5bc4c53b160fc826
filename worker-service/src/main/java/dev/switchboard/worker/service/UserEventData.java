package dev.switchboard.worker.service;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.InvalidEventException;
import dev.switchboard.contract.event.SwitchboardEvents;
import io.cloudevents.CloudEvent;

/** The JSON object that push, notification and sync events carry; anything else breaks the contract. */
final class UserEventData {

    private UserEventData() {
    }

    static JsonNode of(CloudEvent event, ObjectMapper json) {
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
