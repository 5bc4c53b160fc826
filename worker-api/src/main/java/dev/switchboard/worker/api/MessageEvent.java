package dev.switchboard.worker.api;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** A {@code message} event: what the client posted and the client it came from. */
public interface MessageEvent extends ExtendableEvent {

    /** What the client posted: a JSON value, or a binary node ({@code isBinary()}) for a binary message. */
    JsonNode data();

    /** The client that posted it ({@code event.source} in the browser). */
    Client source();

    /**
     * The MessageChannel ports the client passed with the message ({@code event.ports}): held by this event, to post
     * on, close, or pass to a client; those not passed on close when the event succeeds.
     */
    List<MessagePort> ports();
}
