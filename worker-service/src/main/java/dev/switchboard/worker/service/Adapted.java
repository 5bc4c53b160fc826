package dev.switchboard.worker.service;

import java.util.function.Consumer;

import dev.switchboard.worker.api.ServiceWorker;

/**
 * A CloudEvent turned into the event a handler takes, and the handler method that takes it.
 *
 * @param event the event, which collects what the handler sends
 * @param handler the method's name, for logs and spans ({@code onPush}, …)
 * @param invoke calls that method on a worker
 */
record Adapted(ScopedEvent event, String handler, Consumer<ServiceWorker> invoke) {
}
