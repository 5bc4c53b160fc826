package dev.switchboard.worker.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.outbound.OutboundHttp;
import dev.switchboard.worker.api.ServiceWorker;
import dev.switchboard.worker.bundle.BuiltinWorkers;
import dev.switchboard.worker.config.WorkerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.smallrye.common.annotation.Identifier;

/**
 * Builds this node's {@link WorkerRuntime} from configuration. Built-in workers are the {@link ServiceWorker}
 * CDI beans named by an {@link Identifier} (script URL {@code builtin:<identifier>}, registration id the
 * identifier); every event kind is an {@link EventAdapter}.
 */
public class RuntimeProducer {

    @Produces
    @ApplicationScoped
    WorkerRuntime runtime(HazelcastInstance hazelcast, WorkerConfig config, @Any Instance<ServiceWorker> workers,
            DeliveryPublisher publisher, ObjectMapper json, MeterRegistry meters, OutboundHttp outbound) {
        BuiltinWorkers builtins = new BuiltinWorkers();
        workers.handles().forEach(handle -> handle.getBean().getQualifiers().stream()
                .filter(Identifier.class::isInstance).map(Identifier.class::cast).findFirst()
                .ifPresent(id -> builtins.add(id.value(), handle.getBean().getBeanClass().asSubclass(ServiceWorker.class),
                        handle::get)));
        WorkerSettings settings = WorkerSettings.of(config);
        DeliveryNotices notices = new DeliveryNotices(
                events -> publisher.publish(events, Context.current()).subscribeAsCompletionStage(),
                ServiceSources.of("worker-service", settings.nodeId()), json, config.handlerTimeout());
        return new WorkerRuntime(hazelcast, settings, builtins, notices,
                List.of(new MessageAdapter(), new FetchAdapter(), new PushAdapter(), new SubscriptionChangeAdapter(),
                        NotificationAdapter.click(), NotificationAdapter.close(), new SyncAdapter()),
                json, meters, outbound);
    }

    void close(@Disposes WorkerRuntime runtime) {
        runtime.close();
    }
}
