package dev.switchboard.push.service;

import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.hazelcast.config.IndexType;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;

import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.push.config.PushConfig;
import dev.switchboard.push.model.TopicMember;

/**
 * Named topics: fan-out groups of users, cluster-wide. A send to a topic reaches every member as a send to that
 * user does. Both limits (members per topic, topics per user) are checked and written under cluster-wide locks,
 * so concurrent joins cannot pass them.
 */
@ApplicationScoped
public class TopicGroups {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Lock keys live in the members map; member keys always hold a '/', lock keys never do. */
    private static final String TOPIC_LOCK_PREFIX = "#topic:";

    private final IMap<String, TopicMember> members;
    private final PushConfig.Topics config;

    public TopicGroups(HazelcastInstance hazelcast, PushConfig config) {
        this.members = hazelcast.getMap(HazelcastNames.PUSH_TOPIC_MEMBERS);
        this.members.addIndex(IndexType.HASH, "topic");
        this.members.addIndex(IndexType.HASH, "userId");
        this.config = config.topics();
    }

    public static void validateName(String topic) {
        if (topic == null || !NAME.matcher(topic).matches()) {
            throw new PushException(
                    ProblemType.INVALID_TOPIC_NAME, "a topic name is 1 to 64 characters of A-Z a-z 0-9 . _ -");
        }
    }

    /** Adds {@code userId} to {@code topic}; true if it was not a member yet. */
    public boolean join(String topic, String userId) {
        validateName(topic);
        String key = TopicMember.key(topic, userId);
        // Always the user's lock first, then the topic's: two joins can never wait on each other in a cycle.
        return locked(
                ClusterLocks.userLock(userId),
                () -> locked(TOPIC_LOCK_PREFIX + topic, () -> {
                    if (members.containsKey(key)) {
                        return false;
                    }
                    if (members.keySet(Predicates.equal("userId", userId)).size() >= config.maxPerUser()) {
                        throw new PushException(
                                ProblemType.TOO_MANY_TOPICS,
                                "user " + userId + " is already in " + config.maxPerUser()
                                        + " topics (the most allowed)");
                    }
                    if (members.size() >= config.maxMemberships()) {
                        throw new PushException(
                                ProblemType.TOO_MANY_MEMBERSHIPS,
                                "the cluster holds " + config.maxMemberships()
                                        + " topic memberships (switchboard.push.topics.max-memberships)");
                    }
                    if (members.keySet(Predicates.equal("topic", topic)).size() >= config.maxMembers()) {
                        throw new PushException(
                                ProblemType.TOO_MANY_MEMBERS,
                                "topic " + topic + " already has " + config.maxMembers()
                                        + " members (the most allowed)");
                    }
                    members.set(key, new TopicMember(topic, userId, System.currentTimeMillis()));
                    return true;
                }));
    }

    public boolean leave(String topic, String userId) {
        validateName(topic);
        return members.remove(TopicMember.key(topic, userId)) != null;
    }

    /** The topic's members, by the time they joined; at most {@code topics.max-members}. */
    public List<TopicMember> members(String topic) {
        validateName(topic);
        return members.values(Predicates.equal("topic", topic)).stream()
                .sorted(Comparator.comparingLong(TopicMember::joinedAtEpochMillis))
                .toList();
    }

    private <T> T locked(String lock, Supplier<T> action) {
        return ClusterLocks.locked(members, lock, "the topic", action);
    }
}
