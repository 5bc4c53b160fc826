package dev.switchboard.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.switchboard.gateway.protocol.FrameType;
import dev.switchboard.gateway.protocol.ServerFrame;
import dev.switchboard.gateway.security.Principal;
import dev.switchboard.gateway.service.CloseReason;
import dev.switchboard.gateway.service.StreamDelivery;

/**
 * The delivery order of a connection: offset order, at most once, across a resume, repeats of recent event ids
 * dropped. Pure logic, no server.
 */
class AbstractClientConnectionTest {

    private static final ServerFrame OVERFLOW = new ServerFrame(FrameType.RESET, null, "overflow");

    @Test
    void liveDeliveriesArriveInOffsetOrderAndRepeatsAreDropped() {
        Recording connection = new Recording(10);

        connection.deliver(delivery(5));
        connection.deliver(delivery(6));
        connection.deliver(delivery(6));
        connection.deliver(delivery(4));

        assertThat(connection.sent()).containsExactly("5", "6");
    }

    @Test
    void aResumeMergesTheReplayWithWhatArrivedMeanwhileWithoutRepeats() {
        Recording connection = new Recording(10);
        connection.startReplay(3);
        connection.deliver(delivery(7));
        connection.deliver(delivery(5));

        connection.finishReplay(List.of(delivery(4), delivery(5), delivery(6)), null);
        connection.deliver(delivery(7));
        connection.deliver(delivery(8));

        assertThat(connection.sent()).containsExactly("4", "5", "6", "7", "8");
    }

    @Test
    void liveDeliveriesOverflowingTheBufferDuringAReplayAreAnnouncedOnce() {
        Recording connection = new Recording(1);
        connection.startReplay(0);
        connection.deliver(delivery(3));
        connection.deliver(delivery(4));

        connection.finishReplay(List.of(delivery(1), delivery(2)), null);

        assertThat(connection.sent()).containsExactly("1", "2", "overflow", "3");
    }

    @Test
    void aGapAndAnOverflowGiveOneResetNotTwo() {
        Recording connection = new Recording(1);
        ServerFrame gap = new ServerFrame(FrameType.RESET, null, "gap");
        connection.startReplay(0);
        connection.deliver(delivery(3));
        connection.deliver(delivery(4));

        connection.finishReplay(List.of(), gap);

        assertThat(connection.sent()).containsExactly("gap", "3");
    }

    @Test
    void aRepeatOfARecentEventIdAtANewOffsetIsDroppedButNotOneOlderThanTheWindow() {
        Recording connection = new Recording(10);
        connection.deliver(delivery(1, "a"));
        connection.deliver(delivery(2, "b"));
        // A worker handled a redelivered event again: the same effect, at a later offset.
        connection.deliver(delivery(3, "a"));
        for (long offset = 4; offset < 8; offset++) {
            connection.deliver(delivery(offset, "fill-" + offset));
        }
        connection.deliver(delivery(8, "b"));

        assertThat(connection.sent()).containsExactly("1", "2", "4", "5", "6", "7", "8");
    }

    private static StreamDelivery delivery(long offset) {
        return delivery(offset, null);
    }

    private static StreamDelivery delivery(long offset, String eventId) {
        return new StreamDelivery(
                offset, eventId, new ServerFrame(FrameType.MESSAGE, "c:" + offset, String.valueOf(offset)));
    }

    /** A connection that records the JSON of what it sends. */
    private static final class Recording extends AbstractClientConnection {

        private final List<String> sent = new ArrayList<>();

        Recording(int maxBuffered) {
            super("c", Principal.of("u", null), maxBuffered, OVERFLOW, 4);
        }

        List<String> sent() {
            return sent;
        }

        @Override
        public String transport() {
            return "test";
        }

        @Override
        public boolean send(ServerFrame frame) {
            sent.add(frame.json());
            return true;
        }

        @Override
        public void close(CloseReason reason) {
            // nothing to close
        }

        @Override
        public void heartbeat() {
            // no heartbeat
        }
    }
}
