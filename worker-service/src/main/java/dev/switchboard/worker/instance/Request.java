package dev.switchboard.worker.instance;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.InvalidEventException;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.WorkerMessages;
import io.cloudevents.CloudEvent;

/** A client's request of an instance, read from its event: who asks, on which connection, and what. */
record Request(String type, String instanceId, Connection from, WorkerMessages.Start start, JsonNode data) {

    static Request of(CloudEvent event) {
        String clientId = SwitchboardEvents.clientId(event);
        String userId = SwitchboardEvents.extension(event, EventExtensions.USER_ID)
                .orElseThrow(() -> new InvalidEventException("event " + event.getId() + " names no user"));
        String instanceId = SwitchboardEvents.key(event);
        return switch (event.getType()) {
            case EventTypes.WORKER_START -> {
                WorkerMessages.Start start = WorkerMessages.read(event, WorkerMessages.Start.class);
                if (start.handle() == null || start.url() == null || start.kind() == null) {
                    throw new InvalidEventException("event " + event.getId() + ": a start needs handle, url and kind");
                }
                yield new Request(
                        event.getType(), instanceId, new Connection(clientId, userId, start.handle()), start, null);
            }
            case EventTypes.WORKER_POST -> {
                WorkerMessages.Post post = WorkerMessages.read(event, WorkerMessages.Post.class);
                yield new Request(
                        event.getType(),
                        instanceId,
                        new Connection(clientId, userId, required(post.handle(), event)),
                        null,
                        post.data());
            }
            case EventTypes.WORKER_STOP -> {
                WorkerMessages.Stop stop = WorkerMessages.read(event, WorkerMessages.Stop.class);
                yield new Request(
                        event.getType(),
                        instanceId,
                        new Connection(clientId, userId, required(stop.handle(), event)),
                        null,
                        null);
            }
            default -> throw new InvalidEventException("no worker request of type " + event.getType());
        };
    }

    private static String required(String handle, CloudEvent event) {
        if (handle == null || handle.isEmpty()) {
            throw new InvalidEventException("event " + event.getId() + " names no worker handle");
        }
        return handle;
    }
}
