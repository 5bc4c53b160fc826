package dev.switchboard.contract.hazelcast;

import java.util.Set;

/**
 * One connected client as the cluster knows it (the server side of the {@code Client} interface). Stored with
 * Hazelcast's compact serialisation, so members need no class of ours to hold or query it.
 *
 * @param clientId the client's id, unique cluster-wide
 * @param nodeId the gateway node holding the client's connection
 * @param userId the authenticated user (an {@code anonymous:…} user of its own in anonymous mode)
 * @param transport {@code websocket} or {@code sse}
 * @param url the URL the client connected from, as it said (may be empty)
 * @param connectedAtEpochMillis when the connection was accepted
 * @param controller the service-worker version controlling the client, empty while none does
 * @param type the browser's {@code Client.type} the client declared on connect: one of {@link #TYPES}
 */
public record ClientRecord(
        String clientId,
        String nodeId,
        String userId,
        String transport,
        String url,
        long connectedAtEpochMillis,
        String controller,
        String type) {

    /** A page: the type of a client that declares none. */
    public static final String WINDOW = "window";

    /** The types a client may declare: the browser's {@code ClientType} values other than {@code all}. */
    public static final Set<String> TYPES = Set.of(WINDOW, "worker", "sharedworker");

    public ClientRecord {
        // A record written before clients had a type (a rolling upgrade) reads back without one: it was a page.
        if (type == null || type.isEmpty()) {
            type = WINDOW;
        }
    }

    /** A {@link #WINDOW} client. */
    public ClientRecord(
            String clientId,
            String nodeId,
            String userId,
            String transport,
            String url,
            long connectedAtEpochMillis,
            String controller) {
        this(clientId, nodeId, userId, transport, url, connectedAtEpochMillis, controller, WINDOW);
    }

    /** The same client, controlled by {@code version} (empty: by none). */
    public ClientRecord withController(String version) {
        return new ClientRecord(clientId, nodeId, userId, transport, url, connectedAtEpochMillis, version, type);
    }
}
