package dev.switchboard.gateway.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyedCountersTest {

    @Test
    void eachKeyHoldsAtMostTheBoundAndIsForgottenWhenItHoldsNothing() {
        KeyedCounters counters = new KeyedCounters(2);
        assertThat(counters.tryAcquire("a")).isTrue();
        assertThat(counters.tryAcquire("a")).isTrue();
        assertThat(counters.tryAcquire("a")).isFalse();
        assertThat(counters.tryAcquire("b")).as("another key is not affected").isTrue();
        counters.release("a");
        assertThat(counters.tryAcquire("a")).isTrue();
        counters.release("a");
        counters.release("a");
        counters.release("a");
        assertThat(counters.count("a")).isZero();
        assertThat(counters.tryAcquire("a")).isTrue();
        assertThat(counters.count("a")).isEqualTo(1);
    }
}
