package dev.switchboard.worker.service;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import dev.switchboard.worker.api.ServiceWorker;

/** The workers this node can run, by registration. Built-in ones are the CDI beans on the classpath. */
@ApplicationScoped
public class HandlerRegistry {

    private final Map<String, ServiceWorker> byRegistration;

    public HandlerRegistry(Instance<ServiceWorker> workers) {
        this.byRegistration = workers.stream()
                .collect(Collectors.toUnmodifiableMap(ServiceWorker::registration, Function.identity()));
    }

    public Optional<ServiceWorker> find(String registration) {
        return Optional.ofNullable(byRegistration.get(registration));
    }
}
