package dev.switchboard.contract.event;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

/**
 * Builds and reads the CloudEvents of the contract, so that no service spells attribute names itself.
 * Payloads are JSON bytes ({@code datacontenttype: application/json}).
 */
public final class SwitchboardEvents {

    public static final String JSON = "application/json";

    private SwitchboardEvents() {
    }

    /** A client's {@code postMessage} to the worker of a registration. */
    public static CloudEvent clientMessage(URI source, String clientId, String userId, String registrationId,
            byte[] json) {
        return base(source, EventTypes.CLIENT_MESSAGE, clientId)
                .withExtension(EventExtensions.USER_ID, userId)
                .withExtension(EventExtensions.REGISTRATION_ID, registrationId)
                .withData(JSON, json)
                .build();
    }

    /** A worker's {@code client.postMessage}, answering {@code inReplyTo} (may be null). */
    public static CloudEvent clientDelivery(URI source, String clientId, String inReplyTo, byte[] json) {
        CloudEventBuilder builder = base(source, EventTypes.CLIENT_DELIVERY, clientId).withData(JSON, json);
        if (inReplyTo != null) {
            builder.withExtension(EventExtensions.IN_REPLY_TO, inReplyTo);
        }
        return builder.build();
    }

    /**
     * A fetch event for the worker of {@code registrationId}, version {@code workerVersion}: {@code json} is
     * {@link FetchMessages#encodeRequest}; {@code replyTo} the gateway node waiting for the answer.
     */
    public static CloudEvent fetchRequest(URI source, String clientId, String registrationId, String workerVersion,
            String replyTo, byte[] json) {
        return base(source, EventTypes.FETCH_REQUEST, clientId)
                .withExtension(EventExtensions.REGISTRATION_ID, registrationId)
                .withExtension(EventExtensions.WORKER_VERSION, workerVersion)
                .withExtension(EventExtensions.REPLY_TO, replyTo)
                .withData(JSON, json)
                .build();
    }

    /** The answer to fetch event {@code inReplyTo}, keyed by the gateway node {@code replyTo} waiting for it. */
    public static CloudEvent fetchResponse(URI source, String replyTo, String inReplyTo, byte[] json) {
        return keyed(source, EventTypes.FETCH_RESPONSE, replyTo)
                .withExtension(EventExtensions.REPLY_TO, replyTo)
                .withExtension(EventExtensions.IN_REPLY_TO, inReplyTo)
                .withData(JSON, json)
                .build();
    }

    /** A lifecycle notice ({@link EventTypes#LIFECYCLE_FRAMES}) to one client. */
    public static CloudEvent lifecycleDelivery(URI source, String type, String clientId, byte[] json) {
        if (!EventTypes.LIFECYCLE_FRAMES.containsKey(type)) {
            throw new IllegalArgumentException("not a lifecycle event type: " + type);
        }
        return base(source, type, clientId).withData(JSON, json).build();
    }

    /** A delivery to every connected client of {@code userId}, wherever they are connected. */
    public static CloudEvent userDelivery(URI source, String userId, byte[] json) {
        return keyed(source, EventTypes.USER_DELIVERY, userId)
                .withExtension(EventExtensions.USER_ID, userId)
                .withData(JSON, json)
                .build();
    }

    private static CloudEventBuilder base(URI source, String type, String clientId) {
        return keyed(source, type, clientId).withExtension(EventExtensions.CLIENT_ID, clientId);
    }

    private static CloudEventBuilder keyed(URI source, String type, String key) {
        return CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(source)
                .withType(type)
                .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withSubject(key)
                .withExtension(EventExtensions.PARTITION_KEY, key);
    }

    public static String userId(CloudEvent event) {
        return required(event, EventExtensions.USER_ID);
    }

    /** The record key of an event: its partition key, which keeps one client's events in order. */
    public static String key(CloudEvent event) {
        return required(event, EventExtensions.PARTITION_KEY);
    }

    public static String clientId(CloudEvent event) {
        return required(event, EventExtensions.CLIENT_ID);
    }

    public static Optional<String> extension(CloudEvent event, String name) {
        Object value = event.getExtension(name);
        return Optional.ofNullable(value).map(Object::toString);
    }

    /** The JSON payload, or {@code null} when the event carries none. */
    public static byte[] data(CloudEvent event) {
        return event.getData() == null ? null : event.getData().toBytes();
    }

    private static String required(CloudEvent event, String name) {
        return extension(event, name).orElseThrow(() -> new InvalidEventException(
                "event " + event.getId() + " of type " + event.getType() + " lacks the '" + name + "' attribute"));
    }
}
