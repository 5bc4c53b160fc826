package dev.switchboard.gateway.protocol;

import java.util.Optional;

/**
 * Where a client is in its delivery stream: the client id and the Kafka offset of the last delivery it
 * got, written {@code <clientId>:<offset>}. It is the SSE event {@code id} and the {@code id} of message frames,
 * so a client resumes by handing back the last one it saw ({@code Last-Event-ID} or {@code lastEventId}).
 */
public record StreamPosition(String clientId, long offset) {

    /** The position, or empty when {@code text} is not one (absent, malformed, negative offset). */
    public static Optional<StreamPosition> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return Optional.empty();
        }
        try {
            long offset = Long.parseLong(text.substring(colon + 1));
            return offset < 0 ? Optional.empty() : Optional.of(new StreamPosition(text.substring(0, colon), offset));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return clientId + ":" + offset;
    }
}
