package dev.switchboard.contract.event;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

/**
 * The payloads of dedicated and shared workers (docs/workers.md): what a client's gateway asks of an instance on
 * {@link Topics#WORKERS} (keyed by the instance, so one instance's messages are handled in order by one node), and
 * what an instance sends back to one client on {@link Topics#DELIVERIES} (keyed by the client, in its stream). The
 * same records on both sides.
 */
public final class WorkerMessages {

    /** The longest handle a client may give a worker it starts or connects to. */
    public static final int MAX_HANDLE_LENGTH = 64;

    /** The longest shared worker name. */
    public static final int MAX_NAME_LENGTH = 256;

    /** The longest error message passed to a client. */
    public static final int MAX_ERROR_LENGTH = 500;

    /** A dedicated worker ({@code new Worker(url)}) or a shared one ({@code new SharedWorker(url, name)}). */
    public enum Kind {
        DEDICATED,
        SHARED
    }

    /**
     * Whom a shared worker is shared among: the user's own clients (the browser's one instance per origin and
     * profile), or every user of the suite, when the worker class allows it (a room, a lobby).
     */
    public enum Sharing {
        USER,
        ORIGIN
    }

    /**
     * A client starts a dedicated worker or connects to a shared one; {@code handle} is the client's name for it in
     * every later frame (unique per client).
     */
    public record Start(String handle, String url, Kind kind, String name, Sharing sharing) {}

    /** A client's {@code postMessage} to a worker it started or connected to: any JSON value. */
    public record Post(String handle, JsonNode data) {}

    /** A client's {@code terminate()} of a dedicated worker, or the close of its port to a shared one. */
    public record Stop(String handle) {}

    /** To a client: the worker is running (its start handler ran); what the client posted before follows it. */
    public record Started(String handle) {}

    /** To a client: a worker's {@code postMessage}. */
    public record Message(String handle, JsonNode data) {}

    /**
     * To a client: a task of its worker failed ({@code code}: {@code failed}, {@code deadline}, {@code refused},
     * {@code unknown-worker}, {@code not-found}); the worker goes on unless a {@link Closed} follows.
     */
    public record Failure(String handle, String code, String message) {

        public Failure {
            message = message == null ? "" : message;
            if (message.length() > MAX_ERROR_LENGTH) {
                message = message.substring(0, MAX_ERROR_LENGTH);
            }
        }
    }

    /** To a client: the worker or the client's port to it ended ({@code reason}: why), nothing more comes from it. */
    public record Closed(String handle, String reason) {}

    private WorkerMessages() {}

    /** The instance id of the dedicated worker {@code handle} of {@code clientId}: one instance per start. */
    public static String dedicatedId(String clientId, String handle) {
        return "dedicated:" + clientId + ":" + handle;
    }

    /**
     * The instance id of a shared worker: one per script URL, name and sharing (the user, or nobody for
     * {@link Sharing#ORIGIN}); hashed so that a long URL makes no long key.
     */
    public static String sharedId(String url, String name, Sharing sharing, String userId) {
        String identity = sharing + "\n" + (sharing == Sharing.USER ? userId : "") + "\n" + url + "\n" + name;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return "shared:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A client's request of an instance ({@link EventTypes#WORKER_START} and the others on {@link Topics#WORKERS}). */
    public static CloudEvent request(
            URI source, String type, String instanceId, String clientId, String userId, Object payload) {
        return SwitchboardEvents.keyed(source, type, instanceId)
                .withExtension(EventExtensions.CLIENT_ID, clientId)
                .withExtension(EventExtensions.USER_ID, userId)
                .withData(SwitchboardEvents.JSON, EventData.write(payload))
                .build();
    }

    /** What an instance sends one client ({@link EventTypes#WORKER_STARTED} and the others). */
    public static CloudEvent delivery(URI source, String type, String clientId, Object payload) {
        return SwitchboardEvents.base(source, type, clientId)
                .withData(SwitchboardEvents.JSON, EventData.write(payload))
                .build();
    }

    /** The same event under the id it had before (a redelivery of an instance's output is dropped by that id). */
    public static CloudEvent withId(CloudEvent event, String id) {
        return CloudEventBuilder.v1(event).withId(id).build();
    }

    public static <T> T read(CloudEvent event, Class<T> type) {
        return EventData.read(SwitchboardEvents.data(event), type, "event " + event.getId() + " of " + event.getType());
    }

    public static byte[] write(Object payload) {
        return EventData.write(payload);
    }
}
