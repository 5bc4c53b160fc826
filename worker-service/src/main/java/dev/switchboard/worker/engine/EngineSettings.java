package dev.switchboard.worker.engine;

import java.time.Duration;

/**
 * The engine's bounds, as plain values (from the service's configuration, or written out in a test).
 *
 * @param maxInFlight events admitted and not yet settled on this node (running, waiting behind their key, retrying)
 * @param handlerThreads threads running handler code
 * @param handlerDeadline how long one run of a handler (and its {@code waitUntil} promises) may take
 * @param abandonGrace how long a thread interrupted at its deadline may take to stop before it is abandoned
 * @param maxAbandoned abandoned threads still running at which the node reports itself unhealthy
 * @param maxAttempts runs of a failing handler before its event is dead-lettered (1: no retry)
 * @param initialBackoff wait before the first retry; each retry doubles it, with jitter
 * @param maxBackoff the longest wait between two runs
 * @param deadLetterBackoff wait between two tries at writing a dead letter that Kafka refused
 * @param markFlushInterval how often handled-event marks are written to the duplicate window
 * @param markBatch most marks in one write
 */
public record EngineSettings(
        int maxInFlight,
        int handlerThreads,
        Duration handlerDeadline,
        Duration abandonGrace,
        int maxAbandoned,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration deadLetterBackoff,
        Duration markFlushInterval,
        int markBatch) {

    /** The longest a single event can take to settle when nothing is wrong with Kafka: every run and every wait. */
    public Duration worstCaseSettlement() {
        Duration total = Duration.ZERO;
        Duration backoff = initialBackoff;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            total = total.plus(handlerDeadline);
            if (attempt < maxAttempts) {
                total = total.plus(backoff);
                backoff = min(backoff.multipliedBy(2), maxBackoff);
            }
        }
        return total;
    }

    /** The wait before run {@code attempt + 1}: exponential, capped, with up to 20 % jitter either way. */
    Duration backoff(int attempt, double random) {
        Duration base = initialBackoff;
        for (int i = 1; i < attempt && base.compareTo(maxBackoff) < 0; i++) {
            base = base.multipliedBy(2);
        }
        base = min(base, maxBackoff);
        return Duration.ofNanos((long) (base.toNanos() * (0.8 + 0.4 * random)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
