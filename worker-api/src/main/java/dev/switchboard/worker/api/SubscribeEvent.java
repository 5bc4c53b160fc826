package dev.switchboard.worker.api;

/**
 * A client asks to subscribe to a channel whose namespace leaves the decision to its worker ({@code subscribe =
 * WORKER}): the handler calls {@link #allow()} or {@link #refuse(String)}. A handler that calls neither, fails, or
 * does not end within the gateway's wait refuses it; the last call made wins.
 */
public interface SubscribeEvent extends ExtendableEvent {

    /** The channel's full name ({@code <namespace>:<rest>}). */
    String channel();

    /** The client asking. */
    Client client();

    /** Lets the client subscribe. */
    void allow();

    /** Refuses the subscribe; the client reads {@code reason} in its error frame (so say nothing secret there). */
    void refuse(String reason);
}
