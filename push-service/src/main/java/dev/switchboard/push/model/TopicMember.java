package dev.switchboard.push.model;

/**
 * A user's membership of a named topic (a fan-out group: a send to the topic reaches every member). Stored
 * cluster-wide (Hazelcast compact serialisation), keyed by topic + "/" + user id.
 *
 * @param topic the topic's name
 * @param userId the member
 * @param joinedAtEpochMillis when the user joined
 */
public record TopicMember(String topic, String userId, long joinedAtEpochMillis) {

    public static String key(String topic, String userId) {
        return topic + "/" + userId;
    }
}
