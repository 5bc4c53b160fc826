package dev.switchboard.worker.service;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import dev.switchboard.worker.api.ServiceWorker;
import io.smallrye.common.annotation.Identifier;

/**
 * The workers this node can run, by registration. Built-in ones are the CDI beans on the classpath, each
 * named by its {@link Identifier}.
 */
@ApplicationScoped
public class HandlerRegistry {

    private final Map<String, ServiceWorker> byRegistration = new HashMap<>();

    public HandlerRegistry(@Any Instance<ServiceWorker> workers) {
        workers.handles().forEach(handle -> handle.getBean().getQualifiers().stream()
                .filter(Identifier.class::isInstance).map(Identifier.class::cast).findFirst()
                .ifPresent(id -> byRegistration.put(id.value(), handle.get())));
    }

    public Optional<ServiceWorker> find(String registration) {
        return Optional.ofNullable(byRegistration.get(registration));
    }
}
