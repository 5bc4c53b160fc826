package dev.switchboard.worker.api;

import java.nio.charset.StandardCharsets;

/** {@code PushEvent}: a push message for one user of the registration. */
public interface PushEvent extends ExtendableEvent {

    /** The user the message is for. */
    String userId();

    /** {@code event.data}: the payload's bytes (empty when the message had none). */
    byte[] data();

    /** {@code event.data.text()}. */
    default String text() {
        return new String(data(), StandardCharsets.UTF_8);
    }
}
