package dev.switchboard.worker.event;

/**
 * The user an event acts for, whose clients its handler's {@code self.clients()} shows: a user named by the event
 * (a push, a sync, a notification, a message), or the user of the client it came from (a fetch names only its
 * client, whose user the gateway checked against the request's credential), or nobody (install, activate).
 *
 * @param userId the user, empty when the event names none
 * @param clientId the client whose user it is when {@code userId} is empty (looked up in the client registry),
 *        empty when none
 */
public record EventUser(String userId, String clientId) {

    /** No user: the handler sees no clients (unless its registration holds the cross-user capability). */
    public static final EventUser NONE = new EventUser("", "");

    public EventUser {
        userId = userId == null ? "" : userId;
        clientId = clientId == null ? "" : clientId;
    }

    public static EventUser of(String userId) {
        return new EventUser(userId, "");
    }

    /** The user of {@code clientId}, whoever the client registry says it is. */
    public static EventUser ofClient(String clientId) {
        return new EventUser("", clientId);
    }
}
