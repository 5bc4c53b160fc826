package dev.switchboard.worker.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.switchboard.worker.api.Registration;
import io.cloudevents.CloudEvent;

/**
 * {@code self.registration} for the events of push, sync and notifications: {@code showNotification} and
 * {@code registerSync} add to the event's outbox (sent when the handler succeeds). The registration's scope and
 * versions come with the worker runtime.
 */
final class EventRegistration implements Registration {

    private final String id;
    private final EventContext context;
    private final List<CloudEvent> outbox;

    EventRegistration(String id, EventContext context, List<CloudEvent> outbox) {
        this.id = id;
        this.context = context;
        this.outbox = outbox;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String scope() {
        throw MinimalScope.comesWithTheRuntime("registration.scope");
    }

    @Override
    public Optional<String> installing() {
        throw MinimalScope.comesWithTheRuntime("registration.installing");
    }

    @Override
    public Optional<String> waiting() {
        throw MinimalScope.comesWithTheRuntime("registration.waiting");
    }

    @Override
    public Optional<String> active() {
        throw MinimalScope.comesWithTheRuntime("registration.active");
    }

    @Override
    public void showNotification(String userId, String title, Map<String, Object> options) {
        outbox.add(context.notifications().notification(id, userId, title, options));
    }

    @Override
    public void registerSync(String userId, String tag, Object payload) {
        outbox.add(context.syncs().registration(id, userId, tag, payload));
    }
}
