package dev.switchboard.gateway.protocol;

import java.util.Optional;

/**
 * Where a subscriber is in a channel: the partition of the channels topic the channel's publications are in and the
 * offset of the last one it got, written {@code <partition>:<offset>}. A subscriber recovers by handing it back as
 * {@code since}. The partition is part of it so that a position is never read against another partition (after the
 * topic's partition count changed): that is a reset, not a silent loss.
 */
public record ChannelPosition(int partition, long offset) {

    /** The position, or empty when {@code text} is not one. */
    public static Optional<ChannelPosition> parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return Optional.empty();
        }
        try {
            int partition = Integer.parseInt(text.substring(0, colon));
            long offset = Long.parseLong(text.substring(colon + 1));
            return partition < 0 || offset < -1
                    ? Optional.empty()
                    : Optional.of(new ChannelPosition(partition, offset));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return partition + ":" + offset;
    }
}
