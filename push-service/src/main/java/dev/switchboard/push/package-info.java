/**
 * push-service. In the walking skeleton it runs wired into the suite (health with its Hazelcast client,
 * Prometheus metrics, OpenTelemetry) and serves no API of its own yet: subscriptions, VAPID keys, Web Push
 * delivery and background sync are the push issue's work.
 */
package dev.switchboard.push;
