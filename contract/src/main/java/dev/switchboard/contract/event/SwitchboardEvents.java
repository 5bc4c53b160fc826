package dev.switchboard.contract.event;

import java.net.URI;
import java.nio.charset.StandardCharsets;
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

    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

    public static final String JSON = "application/json";

    /** The content type of a binary payload (a WebSocket binary frame, or a worker posting bytes). */
    public static final String BINARY = "application/octet-stream";

    private SwitchboardEvents() {}

    /** A client's {@code postMessage} to the worker of a registration. */
    public static CloudEvent clientMessage(
            URI source, String clientId, String userId, String registrationId, byte[] json) {
        return clientMessage(source, clientId, userId, registrationId, JSON, json);
    }

    /** The same with the payload's content type: {@link #JSON} or {@link #BINARY}. */
    public static CloudEvent clientMessage(
            URI source, String clientId, String userId, String registrationId, String contentType, byte[] data) {
        return clientEvent(source, EventTypes.CLIENT_MESSAGE, clientId, userId, registrationId, contentType, data);
    }

    /**
     * An event of {@code type} from a client to the worker of a registration, keyed by the client id (a message,
     * a notification click or close).
     */
    public static CloudEvent clientEvent(
            URI source, String type, String clientId, String userId, String registrationId, byte[] json) {
        return clientEvent(source, type, clientId, userId, registrationId, JSON, json);
    }

    private static CloudEvent clientEvent(
            URI source,
            String type,
            String clientId,
            String userId,
            String registrationId,
            String contentType,
            byte[] data) {
        return base(source, type, clientId)
                .withExtension(EventExtensions.USER_ID, userId)
                .withExtension(EventExtensions.REGISTRATION_ID, registrationId)
                .withData(contentType, data)
                .build();
    }

    /** A worker's {@code client.postMessage}, answering {@code inReplyTo} (may be null). */
    public static CloudEvent clientDelivery(URI source, String clientId, String inReplyTo, byte[] json) {
        return clientDelivery(source, clientId, inReplyTo, JSON, json);
    }

    /** The same with the payload's content type: {@link #JSON} or {@link #BINARY}. */
    public static CloudEvent clientDelivery(
            URI source, String clientId, String inReplyTo, String contentType, byte[] data) {
        CloudEventBuilder builder =
                base(source, EventTypes.CLIENT_DELIVERY, clientId).withData(contentType, data);
        if (inReplyTo != null) {
            builder.withExtension(EventExtensions.IN_REPLY_TO, inReplyTo);
        }
        return builder.build();
    }

    /** A lifecycle notice ({@link EventTypes#LIFECYCLE_FRAMES}) to one client. */
    public static CloudEvent lifecycleDelivery(URI source, String type, String clientId, byte[] json) {
        if (!EventTypes.LIFECYCLE_FRAMES.containsKey(type)) {
            throw new IllegalArgumentException("not a lifecycle event type: " + type);
        }
        return base(source, type, clientId).withData(JSON, json).build();
    }

    /**
     * The client's own event {@code failedEventId} could not be handled; data {@code {"eventId","code","message"}}
     * (JSON). The gateway holding the client writes an {@code error} frame.
     */
    public static CloudEvent clientError(URI source, String clientId, String failedEventId, byte[] json) {
        return base(source, EventTypes.CLIENT_ERROR, clientId)
                .withExtension(EventExtensions.IN_REPLY_TO, failedEventId)
                .withData(JSON, json)
                .build();
    }

    /**
     * {@code event} with the id of the {@code index}-th event produced while handling {@code causeId}. It is the
     * same every time that cause is handled again, so the effects of a redelivered event carry the ids they had
     * the first time and a receiver can drop the repeats.
     */
    public static CloudEvent withDerivedId(CloudEvent event, String causeId, int index) {
        String id = UUID.nameUUIDFromBytes((causeId + "#" + index).getBytes(StandardCharsets.UTF_8))
                .toString();
        return CloudEventBuilder.v1(event).withId(id).build();
    }

    /** A delivery to every connected client of {@code userId}, wherever they are connected. */
    public static CloudEvent userDelivery(URI source, String userId, byte[] json) {
        return keyed(source, EventTypes.USER_DELIVERY, userId)
                .withExtension(EventExtensions.USER_ID, userId)
                .withData(JSON, json)
                .build();
    }

    /**
     * An event about one user for the worker of a registration, with no client behind it (a push, a subscription
     * change, a sync attempt), under record key {@code key}: the user id, or {@link #syncKey} for a sync.
     */
    public static CloudEvent userEvent(
            URI source, String type, String key, String userId, String registrationId, byte[] json) {
        return keyed(source, type, key)
                .withExtension(EventExtensions.USER_ID, userId)
                .withExtension(EventExtensions.REGISTRATION_ID, registrationId)
                .withData(JSON, json)
                .build();
    }

    /**
     * A worker's {@code showNotification} for every connected client of {@code userId}; keyed by the user id. The data
     * is a {@link NotificationMessages.Show}, {@link NotificationMessages#encode encoded}.
     */
    public static CloudEvent notification(URI source, String userId, String registrationId, byte[] json) {
        return userEvent(source, EventTypes.NOTIFICATION_SHOW, userId, userId, registrationId, json);
    }

    /**
     * A background sync registered for {@code userId} under {@code tag} with the worker of {@code registrationId};
     * the data is the payload (JSON) its {@code sync} events get back, the event's time is its registration time.
     * push-service reads it with {@link SyncMessages#readRegistration}.
     */
    public static CloudEvent syncRegistration(
            URI source, String userId, String registrationId, String tag, byte[] payload) {
        String key = syncKey(userId, tag);
        return keyed(source, EventTypes.SYNC_REGISTER, key)
                .withExtension(EventExtensions.USER_ID, userId)
                .withExtension(EventExtensions.REGISTRATION_ID, registrationId)
                .withExtension(EventExtensions.SYNC_TAG, tag)
                .withData(JSON, payload)
                .build();
    }

    /**
     * A publication of {@code json} to {@code channel}, keyed by the channel so its publications stay in order in one
     * partition. {@code clientId} and {@code userId} name the publishing client (both null for the server API or a
     * handler); the publishing client gets its own publication only when {@code echo}.
     */
    public static CloudEvent channelPublication(
            URI source, String channel, String clientId, String userId, boolean echo, byte[] json) {
        return channelPublication(source, channel, channel, clientId, userId, echo, json);
    }

    /**
     * The same under the record key {@code key}: a MessageChannel port's inbox ({@code channel}) is keyed by its
     * pair, so that both directions share one partition (MessagePorts).
     */
    public static CloudEvent channelPublication(
            URI source, String key, String channel, String clientId, String userId, boolean echo, byte[] json) {
        CloudEventBuilder event =
                keyed(source, EventTypes.CHANNEL_PUBLICATION, key).withExtension(EventExtensions.CHANNEL, channel);
        if (clientId != null) {
            event.withExtension(EventExtensions.CLIENT_ID, clientId)
                    .withExtension(EventExtensions.USER_ID, userId)
                    .withExtension(EventExtensions.ECHO, echo);
        }
        return event.withData(JSON, json).build();
    }

    /**
     * A client joined or left ({@code type}: {@link EventTypes#CHANNEL_JOIN} or {@link EventTypes#CHANNEL_LEAVE})
     * the presence of {@code channel}; keyed by the channel, so it is in order with the channel's publications.
     */
    public static CloudEvent channelPresence(URI source, String type, String channel, String clientId, String userId) {
        if (!EventTypes.CHANNEL_JOIN.equals(type) && !EventTypes.CHANNEL_LEAVE.equals(type)) {
            throw new IllegalArgumentException("not a presence event type: " + type);
        }
        // An empty object, not no data: a record without a value is not read back as a CloudEvent.
        return keyed(source, type, channel)
                .withExtension(EventExtensions.CHANNEL, channel)
                .withExtension(EventExtensions.CLIENT_ID, clientId)
                .withExtension(EventExtensions.USER_ID, userId)
                .withData(JSON, EMPTY_OBJECT)
                .build();
    }

    /** The close of a MessageChannel as it arrives in one port's inbox {@code channel}, keyed by the pair. */
    public static CloudEvent portClosed(URI source, String key, String channel) {
        return keyed(source, EventTypes.PORT_CLOSED, key)
                .withExtension(EventExtensions.CHANNEL, channel)
                .withData(JSON, EMPTY_OBJECT)
                .build();
    }

    /** The record key of one sync tag of one user: its syncs keep their order (one partition). */
    public static String syncKey(String userId, String tag) {
        return userId + "/" + tag;
    }

    static CloudEventBuilder base(URI source, String type, String clientId) {
        return keyed(source, type, clientId).withExtension(EventExtensions.CLIENT_ID, clientId);
    }

    static CloudEventBuilder keyed(URI source, String type, String key) {
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

    /** True when the payload is bytes ({@link #BINARY}) rather than JSON. */
    public static boolean isBinary(CloudEvent event) {
        return BINARY.equals(event.getDataContentType());
    }

    /** The payload, or {@code null} when the event carries none. */
    public static byte[] data(CloudEvent event) {
        return event.getData() == null ? null : event.getData().toBytes();
    }

    private static String required(CloudEvent event, String name) {
        return extension(event, name)
                .orElseThrow(() -> new InvalidEventException("event " + event.getId() + " of type " + event.getType()
                        + " lacks the '" + name + "' attribute"));
    }
}
