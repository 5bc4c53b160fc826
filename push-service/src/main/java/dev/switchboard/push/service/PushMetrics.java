package dev.switchboard.push.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;

/** The push counters (Prometheus: {@code switchboard_push_*_total}); see docs/push.md. */
@ApplicationScoped
public class PushMetrics {

    private final MeterRegistry meters;

    public PushMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    public void accepted() {
        meters.counter("switchboard.push.accepted").increment();
    }

    public void delivered() {
        meters.counter("switchboard.push.delivered").increment();
    }

    public void expired() {
        meters.counter("switchboard.push.expired").increment();
    }

    public void replaced() {
        meters.counter("switchboard.push.replaced").increment();
    }

    public void failed(String reason) {
        meters.counter("switchboard.push.failed", "reason", reason).increment();
    }

    public void retried() {
        meters.counter("switchboard.push.retries").increment();
    }

    /** A push went to the worker of a user with a connected client instead of by Web Push. */
    public void wokeWorker() {
        meters.counter("switchboard.push.worker.events").increment();
    }

    /** A {@code pushsubscriptionchange} was published, by reason ({@code gone}, {@code expired}, {@code replaced}). */
    public void subscriptionChanged(String reason) {
        meters.counter("switchboard.push.subscription.changes", "reason", reason)
                .increment();
    }

    public void syncRegistered() {
        meters.counter("switchboard.sync.registered").increment();
    }

    /** One sync attempt ended: {@code succeeded}, {@code failed} or {@code timeout}. */
    public void syncAttempt(String outcome) {
        meters.counter("switchboard.sync.attempts", "outcome", outcome).increment();
    }

    /** A sync settled: {@code succeeded}, {@code dead} (to the dead-letter topic) or {@code invalid}. */
    public void syncSettled(String outcome) {
        meters.counter("switchboard.sync.settled", "outcome", outcome).increment();
    }
}
