package dev.switchboard.contract.hazelcast;

/**
 * One MessageChannel port ({@link HazelcastNames#MESSAGE_PORTS}, key: the port id). {@code holder} is who may
 * read and post on it: {@code client:<id>} or {@code event:<id>} (a handler's event, until it passes the port on).
 * {@code since} is the position ({@code <partition>:<offset>}) its inbox is read after: empty until the first end of
 * the pair starts, then moved by each transfer to what the previous holder had read.
 */
public record PortRecord(String port, String holder, String since) {

    public static String client(String clientId) {
        return "client:" + clientId;
    }

    public static String event(String eventId) {
        return "event:" + eventId;
    }

    public PortRecord withHolder(String newHolder) {
        return new PortRecord(port, newHolder, since);
    }

    public PortRecord withSince(String position) {
        return new PortRecord(port, holder, position);
    }
}
