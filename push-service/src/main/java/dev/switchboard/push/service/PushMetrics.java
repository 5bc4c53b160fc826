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
}
