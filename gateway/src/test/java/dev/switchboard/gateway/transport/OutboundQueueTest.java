package dev.switchboard.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class OutboundQueueTest {

    private final OutboundTotals totals = new OutboundTotals(new SimpleMeterRegistry());

    @Test
    void aWritePastTheByteBoundIsRefusedAndCountsNothing() {
        OutboundQueue queue = new OutboundQueue(100, 1000, totals);
        assertThat(queue.offer(600)).isTrue();
        assertThat(queue.offer(401)).isFalse();
        assertThat(queue.bytes()).isEqualTo(600);
        assertThat(queue.messages()).isEqualTo(1);
        assertThat(queue.offer(400)).as("exactly at the bound").isTrue();
    }

    @Test
    void aWritePastTheMessageBoundIsRefusedEvenWhenTiny() {
        OutboundQueue queue = new OutboundQueue(2, 1000, totals);
        assertThat(queue.offer(1)).isTrue();
        assertThat(queue.offer(1)).isTrue();
        assertThat(queue.offer(1)).isFalse();
        queue.release(1);
        assertThat(queue.offer(1)).as("room again once a write left").isTrue();
    }

    @Test
    void theNodeTotalFollowsEveryQueueAndRemembersItsPeak() {
        OutboundQueue first = new OutboundQueue(10, 1000, totals);
        OutboundQueue second = new OutboundQueue(10, 1000, totals);
        first.offer(300);
        second.offer(500);
        first.release(300);
        assertThat(totals.queuedBytes()).isEqualTo(500);
        assertThat(totals.peakQueuedBytes()).isEqualTo(800);
        second.release(500);
        assertThat(totals.queuedBytes()).isZero();
    }
}
