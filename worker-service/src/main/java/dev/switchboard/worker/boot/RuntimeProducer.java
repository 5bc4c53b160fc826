package dev.switchboard.worker.boot;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.contract.channel.ChannelNames;
import dev.switchboard.contract.channel.ChannelSettings;
import dev.switchboard.contract.event.EventLimits;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.hazelcast.EventBodies;
import dev.switchboard.contract.settings.CacheSettings;
import dev.switchboard.contract.settings.SyncLimits;
import dev.switchboard.outbound.OutboundHttp;
import dev.switchboard.worker.api.ServiceWorker;
import dev.switchboard.worker.bundle.BuiltinWorkers;
import dev.switchboard.worker.bundle.LoadedVersions;
import dev.switchboard.worker.config.WorkerConfig;
import dev.switchboard.worker.engine.EngineSettings;
import dev.switchboard.worker.engine.EventEngine;
import dev.switchboard.worker.engine.HandledEvents;
import dev.switchboard.worker.engine.HandlerPool;
import dev.switchboard.worker.event.FetchAdapter;
import dev.switchboard.worker.event.MessageAdapter;
import dev.switchboard.worker.event.NotificationAdapter;
import dev.switchboard.worker.event.PushAdapter;
import dev.switchboard.worker.event.SubscribeAdapter;
import dev.switchboard.worker.event.SubscriptionChangeAdapter;
import dev.switchboard.worker.event.SyncAdapter;
import dev.switchboard.worker.instance.InstanceSettings;
import dev.switchboard.worker.instance.PartitionTokens;
import dev.switchboard.worker.instance.WorkerInstances;
import dev.switchboard.worker.messaging.DeadLetterReplay;
import dev.switchboard.worker.messaging.DeliveryNotices;
import dev.switchboard.worker.messaging.WorkerOutbox;
import dev.switchboard.worker.runtime.WorkerRuntime;
import dev.switchboard.worker.runtime.WorkerSettings;
import dev.switchboard.worker.scope.ChannelPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.common.annotation.Identifier;

/**
 * Wires this node from configuration: the handler pools, the {@link WorkerRuntime} and the {@link EventEngine}
 * that drives it. Built-in workers are the {@link ServiceWorker} CDI beans named by an {@link Identifier} (script
 * URL {@code builtin:<identifier>}, registration id the identifier); every event kind is an adapter. Nothing here
 * starts: {@link WorkerStartup} does, once Quarkus is up.
 */
public class RuntimeProducer {

    /** Lifecycle handlers (install, activate) run on a pool of their own, so a hanging install takes no event thread. */
    private static final int LIFECYCLE_THREADS = 2;

    @Produces
    @ApplicationScoped
    @Named("events")
    HandlerPool eventPool(WorkerConfig config, MeterRegistry meters) {
        return pool("events", WorkerSettings.engine(config), meters);
    }

    @Produces
    @ApplicationScoped
    @Named("lifecycle")
    HandlerPool lifecyclePool(WorkerConfig config, MeterRegistry meters) {
        EngineSettings engine = WorkerSettings.engine(config);
        return new HandlerPool(
                "lifecycle",
                LIFECYCLE_THREADS,
                engine.maxInFlight(),
                engine.abandonGrace(),
                engine.maxAbandoned(),
                meters);
    }

    @Produces
    @ApplicationScoped
    WorkerRuntime runtime(
            HazelcastInstance hazelcast,
            WorkerConfig config,
            EventLimits limits,
            CacheSettings cache,
            SyncLimits sync,
            @Any Instance<ServiceWorker> workers,
            WorkerOutbox outbox,
            ObjectMapper json,
            MeterRegistry meters,
            OutboundHttp outbound,
            ChannelPublisher channels,
            @Named("events") HandlerPool events,
            @Named("lifecycle") HandlerPool lifecycle) {
        BuiltinWorkers builtins = new BuiltinWorkers();
        workers.handles().forEach(handle -> handle.getBean().getQualifiers().stream()
                .filter(Identifier.class::isInstance)
                .map(Identifier.class::cast)
                .findFirst()
                .ifPresent(id -> builtins.add(
                        id.value(), handle.getBean().getBeanClass().asSubclass(ServiceWorker.class), handle::get)));
        WorkerSettings settings = WorkerSettings.of(config, cache, sync);
        DeliveryNotices notices = new DeliveryNotices(
                notices1 -> outbox.publish(notices1, Context.current()),
                ServiceSources.of("worker-service", settings.nodeId()),
                json,
                config.handlerTimeout());
        return new WorkerRuntime(
                hazelcast,
                settings,
                builtins,
                notices,
                List.of(
                        new MessageAdapter(),
                        new SubscribeAdapter(),
                        new FetchAdapter(new EventBodies(hazelcast, limits), config.handlerTimeout()),
                        new PushAdapter(),
                        new SubscriptionChangeAdapter(),
                        NotificationAdapter.click(),
                        NotificationAdapter.close(),
                        new SyncAdapter()),
                json,
                meters,
                outbound,
                channels,
                events,
                lifecycle);
    }

    /**
     * A singleton, not a lazy client proxy: handlers call it, and a bean first created on a handler's thread would
     * be created with the bundle's class loader as context loader, which cannot see CDI (the event failed). For the
     * same reason its names are its own, not the lazily created ChannelNames bean.
     */
    @Produces
    @Singleton
    ChannelPublisher channelPublisher(ChannelSettings settings, ObjectMapper json, WorkerConfig config) {
        return new ChannelPublisher(
                new ChannelNames(settings),
                settings.maxPublicationBytes(),
                json,
                ServiceSources.of("worker-service", config.nodeId()));
    }

    @Produces
    @ApplicationScoped
    HandledEvents handledEvents(HazelcastInstance hazelcast, WorkerConfig config) {
        EngineSettings settings = WorkerSettings.engine(config);
        return new HandledEvents(hazelcast, settings.markFlushInterval(), settings.markBatch());
    }

    @Produces
    @ApplicationScoped
    EventEngine engine(
            WorkerRuntime runtime,
            WorkerOutbox outbox,
            HandledEvents handled,
            WorkerConfig config,
            ObjectMapper json,
            MeterRegistry meters,
            Tracer tracer) {
        return new EventEngine(
                WorkerSettings.engine(config),
                runtime,
                outbox,
                handled,
                config.nodeId(),
                ServiceSources.of("worker-service", config.nodeId()),
                json,
                meters,
                tracer);
    }

    @Produces
    @ApplicationScoped
    DeadLetterReplay deadLetterReplay(
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            HandledEvents handled,
            HazelcastInstance hazelcast) {
        return new DeadLetterReplay(kafka, handled, hazelcast);
    }

    /** Dedicated and shared workers' tasks: threads and a queue of their own, sized from the cores by default. */
    @Produces
    @ApplicationScoped
    @Named("instances")
    HandlerPool instancePool(WorkerConfig config, MeterRegistry meters) {
        return pool("instances", InstanceSettings.engine(config), meters);
    }

    @Produces
    @Singleton
    PartitionTokens partitionTokens() {
        return new PartitionTokens();
    }

    @Produces
    @ApplicationScoped
    WorkerInstances instances(
            HazelcastInstance hazelcast,
            WorkerConfig config,
            WorkerRuntime runtime,
            PartitionTokens tokens,
            @Named("instances") HandlerPool pool,
            WorkerOutbox outbox,
            ObjectMapper json,
            MeterRegistry meters) {
        return new WorkerInstances(
                hazelcast,
                InstanceSettings.of(config),
                runtime.bundles(),
                new LoadedVersions(
                        runtime.bundles(),
                        new BuiltinWorkers(),
                        config.bundles().maxLoaded()),
                tokens,
                pool,
                outbox,
                json,
                meters);
    }

    /** The engine of the workers topic: per-instance order, its own bound and duplicate window's partitions. */
    @Produces
    @ApplicationScoped
    @Identifier("instances")
    EventEngine instanceEngine(
            WorkerInstances instances,
            WorkerOutbox outbox,
            HazelcastInstance hazelcast,
            WorkerConfig config,
            ObjectMapper json,
            MeterRegistry meters,
            Tracer tracer) {
        EngineSettings settings = InstanceSettings.engine(config);
        return new EventEngine(
                settings,
                instances,
                outbox,
                new HandledEvents(hazelcast, settings.markFlushInterval(), settings.markBatch()),
                config.nodeId(),
                ServiceSources.of("worker-service", config.nodeId()),
                json,
                meters,
                tracer);
    }

    /** A pool of the engine's handler threads, bounded by its in-flight events. */
    private static HandlerPool pool(String name, EngineSettings engine, MeterRegistry meters) {
        return new HandlerPool(
                name,
                engine.handlerThreads(),
                engine.maxInFlight(),
                engine.abandonGrace(),
                engine.maxAbandoned(),
                meters);
    }

    void closeInstances(@Disposes WorkerInstances instances) {
        instances.close();
    }

    void closeInstanceEngine(@Disposes @Identifier("instances") EventEngine engine) {
        engine.close();
    }

    void closeInstancePool(@Disposes @Named("instances") HandlerPool pool) {
        pool.close();
    }

    void closeRuntime(@Disposes WorkerRuntime runtime) {
        runtime.close();
    }

    void closeEngine(@Disposes EventEngine engine) {
        engine.close();
    }

    void closeHandledEvents(@Disposes HandledEvents handled) {
        handled.close();
    }

    void closePool(@Disposes @Named("events") HandlerPool pool) {
        pool.close();
    }

    void closeLifecyclePool(@Disposes @Named("lifecycle") HandlerPool pool) {
        pool.close();
    }
}
