package dev.switchboard.gateway.limits;

/**
 * One sender's message rate: a token bucket of {@code burst} messages refilled at {@code perSecond}, and how many
 * messages it sent in a row while the bucket was empty. The first of such a run is refused with an error, the
 * next ones silently, and one past {@code maxExcess} ends the sender's connection.
 */
public final class MessageRate {

    /** What to do with a message. */
    public enum Verdict {
        /** Within the rate: handle it. */
        ACCEPT,
        /** The first over the rate: drop it and tell the sender. */
        REFUSE_WITH_ERROR,
        /** Over the rate again: drop it (the sender was told). */
        REFUSE,
        /** Over the rate for too long: drop it and close the connection. */
        CLOSE
    }

    private final double tokensPerNano;
    private final double burst;
    private final int maxExcess;
    private double tokens;
    private long lastNanos;
    private int excess;

    public MessageRate(int perSecond, int burst, int maxExcess, long nowNanos) {
        this.tokensPerNano = perSecond / 1e9;
        this.burst = burst;
        this.maxExcess = maxExcess;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    public synchronized Verdict admit(long nowNanos) {
        tokens = Math.min(burst, tokens + Math.max(0, nowNanos - lastNanos) * tokensPerNano);
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            excess = 0;
            return Verdict.ACCEPT;
        }
        excess++;
        if (excess == 1) {
            return Verdict.REFUSE_WITH_ERROR;
        }
        return excess > maxExcess ? Verdict.CLOSE : Verdict.REFUSE;
    }
}
