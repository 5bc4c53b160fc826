package dev.switchboard.worker.scope;

import java.net.URI;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.SyncTags;
import io.cloudevents.CloudEvent;

/**
 * The sending side of {@code registration.registerSync(userId, tag, payload)}: a
 * {@code dev.switchboard.sync.register} event on {@code switchboard.sync}, keyed by user and tag, which push-service
 * turns into {@code sync} events for the worker until one succeeds.
 */
public class SyncRegistrar {

    private final ObjectMapper json;
    private final URI source;
    private final int maxPayloadBytes;

    public SyncRegistrar(ObjectMapper json, URI source, int maxPayloadBytes) {
        this.json = json;
        this.source = source;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** The event for {@code registerSync}; throws {@link IllegalArgumentException} for a bad one. */
    public CloudEvent registration(String registrationId, String userId, String tag, Object payload) {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("registerSync needs the user it syncs for");
        }
        if (!SyncTags.valid(tag)) {
            throw new IllegalArgumentException(SyncTags.RULE);
        }
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("registerSync needs a JSON-serialisable payload", e);
        }
        if (bytes.length > maxPayloadBytes) {
            throw new IllegalArgumentException("a sync payload is " + bytes.length + " bytes of JSON; at most "
                    + maxPayloadBytes + " are allowed (switchboard.sync.max-payload-bytes)");
        }
        return SwitchboardEvents.syncRegistration(source, userId, registrationId, tag, bytes);
    }
}
