package dev.switchboard.contract.event;

/** The CloudEvent {@code type} of every event Switchboard puts on Kafka. */
public final class EventTypes {

    /** A client called {@code postMessage} on its worker: wakes the worker's {@code message} handler. */
    public static final String CLIENT_MESSAGE = "dev.switchboard.client.message";

    /** A worker called {@code client.postMessage}: the gateway holding that client writes it to the client. */
    public static final String CLIENT_DELIVERY = "dev.switchboard.client.delivery";

    /**
     * A delivery to every connected client of one user, on every node (all devices of the user). Keyed by the
     * user id; carries {@code userid} and no {@code clientid}.
     */
    public static final String USER_DELIVERY = "dev.switchboard.user.delivery";

    /**
     * push-service accepted a Web Push message for one subscription; it delivers it from Kafka
     * ({@link Topics#PUSH_SENDS}, subject and key: the subscription id).
     */
    public static final String PUSH_SEND = "dev.switchboard.push.send";

    private EventTypes() {
    }
}
