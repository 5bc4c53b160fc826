package dev.switchboard.worker.api;

import com.fasterxml.jackson.databind.JsonNode;

/** A {@code message} event: what the client posted and the client it came from. */
public interface MessageEvent extends ExtendableEvent {

    /** What the client posted: a JSON value, or a binary node ({@code isBinary()}) for a binary message. */
    JsonNode data();

    /** The client that posted it ({@code event.source} in the browser). */
    Client source();
}
