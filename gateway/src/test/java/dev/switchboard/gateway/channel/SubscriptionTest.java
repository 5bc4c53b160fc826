package dev.switchboard.gateway.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.switchboard.gateway.protocol.FrameType;
import dev.switchboard.gateway.protocol.ServerFrame;
import dev.switchboard.gateway.service.ClientConnection;
import dev.switchboard.gateway.service.CloseReason;
import dev.switchboard.gateway.service.StreamDelivery;

/** What a subscriber is sent around its recovery: in offset order, at most once, nothing after it ended. */
class SubscriptionTest {

    private static final ServerFrame SUBSCRIBED = new ServerFrame(FrameType.SUBSCRIBED, null, "subscribed");
    private static final ServerFrame GAP = new ServerFrame(FrameType.RESET, null, "gap");
    private static final ServerFrame OVERFLOW = new ServerFrame(FrameType.RESET, null, "overflow");

    @Test
    void liveOnesWaitForTheRecoveryAndAreMergedWithItWithoutRepeats() {
        Recording connection = new Recording();
        Subscription subscription = new Subscription(connection, "chat:a", 10, 4);
        subscription.offer(publication(7));
        subscription.offer(publication(5));

        subscription.recovered(null, SUBSCRIBED, 3, List.of(publication(4), publication(5), publication(6)), OVERFLOW);
        subscription.offer(publication(7));
        subscription.offer(publication(8));

        assertThat(connection.sent).containsExactly("subscribed", "4", "5", "6", "7", "8");
    }

    @Test
    void aGapComesBeforeSubscribedAndWhatWaitedPastItsBoundIsAnnouncedOnce() {
        Recording connection = new Recording();
        Subscription subscription = new Subscription(connection, "chat:a", 1, 4);
        subscription.offer(publication(10));
        subscription.offer(publication(11));

        subscription.recovered(null, SUBSCRIBED, 8, List.of(publication(9)), OVERFLOW);

        assertThat(connection.sent).containsExactly("subscribed", "9", "overflow", "10");

        Recording other = new Recording();
        Subscription reset = new Subscription(other, "chat:a", 1, 4);
        reset.offer(publication(10));
        reset.offer(publication(11));
        reset.recovered(GAP, SUBSCRIBED, 9, List.of(), OVERFLOW);
        assertThat(other.sent).as("the gap already says continuity is lost").containsExactly("gap", "subscribed", "10");
    }

    @Test
    void anEndedSubscriptionSendsNothingNotEvenWhatItsRecoveryFound() {
        Recording connection = new Recording();
        Subscription subscription = new Subscription(connection, "chat:a", 10, 4);
        subscription.offer(publication(5));

        subscription.end();
        subscription.recovered(null, SUBSCRIBED, 3, List.of(publication(4)), OVERFLOW);
        subscription.offer(publication(6));

        assertThat(connection.sent).isEmpty();
    }

    @Test
    void aRepeatOfARecentEventAtALaterOffsetIsDropped() {
        Recording connection = new Recording();
        Subscription subscription = new Subscription(connection, "chat:a", 10, 4);
        subscription.recovered(null, SUBSCRIBED, 0, List.of(), OVERFLOW);
        subscription.offer(publication(1));
        // The same event published again by a handler that ran once more after a crash.
        subscription.offer(
                new Subscription.Publication(2, "event-1", new ServerFrame(FrameType.PUBLICATION, null, "1 again")));
        subscription.offer(publication(3));

        assertThat(connection.sent).containsExactly("subscribed", "1", "3");
    }

    private static Subscription.Publication publication(long offset) {
        return new Subscription.Publication(
                offset, "event-" + offset, new ServerFrame(FrameType.PUBLICATION, null, Long.toString(offset)));
    }

    /** A connection that records the frames sent to it by their json (here: a name). */
    private static final class Recording implements ClientConnection {
        final List<String> sent = new ArrayList<>();

        @Override
        public String clientId() {
            return "c";
        }

        @Override
        public String userId() {
            return "u";
        }

        @Override
        public Instant expiresAt() {
            return null;
        }

        @Override
        public void refreshedUntil(Instant expiresAt) {}

        @Override
        public String transport() {
            return "websocket";
        }

        @Override
        public boolean send(ServerFrame frame) {
            sent.add(frame.json());
            return true;
        }

        @Override
        public boolean deliver(StreamDelivery delivery) {
            throw new UnsupportedOperationException("channels do not use the client's stream");
        }

        @Override
        public void startReplay(long afterOffset) {
            throw new UnsupportedOperationException("channels do not use the client's stream");
        }

        @Override
        public void finishReplay(List<StreamDelivery> replayed, ServerFrame gap) {
            throw new UnsupportedOperationException("channels do not use the client's stream");
        }

        @Override
        public void close(CloseReason reason) {}

        @Override
        public void heartbeat() {}
    }
}
