package dev.switchboard.worker.instance;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.InvalidEventException;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.WorkerMessages;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.InstanceRecord;
import dev.switchboard.contract.hazelcast.InstanceUpdate;
import dev.switchboard.worker.api.DedicatedWorker;
import dev.switchboard.worker.api.SharedWorker;
import dev.switchboard.worker.bundle.BundleStore;
import dev.switchboard.worker.bundle.InvalidBundleException;
import dev.switchboard.worker.bundle.LoadedVersions;
import dev.switchboard.worker.engine.EventHandling;
import dev.switchboard.worker.engine.EventSink;
import dev.switchboard.worker.engine.Failures;
import dev.switchboard.worker.engine.HandlerDeadlineException;
import dev.switchboard.worker.engine.HandlerPool;
import dev.switchboard.worker.engine.IncomingEvent;
import dev.switchboard.worker.engine.Outcome;
import dev.switchboard.worker.engine.PartitionLostException;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.context.Context;

/**
 * Runs dedicated and shared workers (docs/workers.md): the handling of the instance engine, which reads the workers
 * topic. Each request runs as one task of its instance on the instance pool, within the task deadline; the task's
 * state, connections and what it sent are committed to the instance's record, fenced by this node's token for the
 * partition, before what it sent leaves. A node whose commit is refused has lost the instance to a newer owner: it
 * forgets it and drops the request for that owner. A node taking an instance over goes on from the record: requests
 * up to its applied offset are not run again, and what the last one sent is sent again under the same ids (the
 * gateway drops repeats by id).
 */
public final class WorkerInstances implements EventHandling, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkerInstances.class);
    private static final TypeReference<LinkedHashMap<String, Connection>> CONNECTIONS = new TypeReference<>() {};
    private static final TypeReference<List<Sent>> SENT = new TypeReference<>() {};

    private final InstanceSettings settings;
    private final int maxMessageBytes;
    private final IMap<String, InstanceRecord> records;
    private final IMap<String, String> clientOwners;
    private final BundleStore bundles;
    private final LoadedVersions classes;
    private final PartitionTokens tokens;
    private final HandlerPool pool;
    private final EventSink sink;
    private final ObjectMapper json;
    private final URI source;
    private final Map<String, LiveInstance> live = new ConcurrentHashMap<>();
    private final Set<String> stopsAsked = ConcurrentHashMap.newKeySet();
    private final Map<String, Timer> taskTimes = new ConcurrentHashMap<>();
    private final Map<String, Counter> taskFailures = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final ScheduledExecutorService sweeper;

    public WorkerInstances(
            HazelcastInstance hazelcast,
            InstanceSettings settings,
            BundleStore bundles,
            LoadedVersions classes,
            PartitionTokens tokens,
            HandlerPool pool,
            EventSink sink,
            ObjectMapper json,
            MeterRegistry meters) {
        this.settings = settings;
        this.maxMessageBytes = settings.maxMessageBytes();
        this.records = hazelcast.getMap(HazelcastNames.WORKER_INSTANCES);
        this.clientOwners = hazelcast.getMap(HazelcastNames.CLIENT_OWNERS);
        this.bundles = bundles;
        this.classes = classes;
        this.tokens = tokens;
        this.pool = pool;
        this.sink = sink;
        this.json = json;
        this.meters = meters;
        this.source = ServiceSources.of("worker-service", settings.nodeId());
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "switchboard-instance-sweep");
            thread.setDaemon(true);
            return thread;
        });
        for (WorkerMessages.Kind kind : WorkerMessages.Kind.values()) {
            String tag = tag(kind);
            meters.gauge(
                    "switchboard.worker.instances.live",
                    List.of(Tag.of("kind", tag)),
                    live,
                    instances -> instances.values().stream()
                            .filter(instance -> instance.kind == kind)
                            .count());
        }
    }

    /** Begins looking, every sweep interval, for clients of this node's instances that are gone. */
    public void start() {
        long every = settings.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    /** The instances of these partitions run elsewhere from now on: this node forgets them (their records stay). */
    public void revoked(Collection<Integer> partitions) {
        live.values().removeIf(instance -> partitions.contains(instance.partition));
    }

    /** How many instances this node runs. */
    public int liveCount() {
        return live.size();
    }

    @Override
    public String kind(CloudEvent event) {
        return "worker";
    }

    @Override
    public boolean retryable(CloudEvent event) {
        // A task's own failure is answered to its client; what is left (the cluster unreachable) is worth retrying.
        return true;
    }

    @Override
    public CompletionStage<Outcome> handle(CloudEvent event, int attempt, Context trace) {
        return CompletableFuture.completedFuture(Outcome.unroutable(
                new IllegalStateException("worker requests are handled with their position (handle(IncomingEvent))")));
    }

    @Override
    public CompletionStage<Outcome> handle(IncomingEvent incoming, int attempt, Context trace) {
        Request request;
        try {
            request = Request.of(incoming.event());
        } catch (InvalidEventException e) {
            return CompletableFuture.completedFuture(Outcome.unroutable(e));
        }
        OptionalLong token = tokens.token(incoming.partition());
        if (token.isEmpty()) {
            return CompletableFuture.completedFuture(lost("partition " + incoming.partition() + " is not held here"));
        }
        return resolve(request.instanceId(), token.getAsLong())
                .thenCompose(record -> {
                    LiveInstance running = live.get(request.instanceId());
                    if (record.isPresent() && !record.get().writableBy(settings.nodeId(), token.getAsLong())) {
                        live.remove(request.instanceId());
                        return CompletableFuture.completedFuture(lost("instance " + request.instanceId()
                                + " is owned by " + record.get().owner() + " with a newer token"));
                    }
                    Timer.Sample sample = Timer.start(meters);
                    return pool.submit(
                                    () -> run(request, incoming, token.getAsLong(), running, record.orElse(null)),
                                    settings.taskDeadline())
                            .handle((result, failure) -> {
                                sample.stop(taskTime(result));
                                return failure == null ? result : overran(request, Failures.unwrap(failure));
                            })
                            .thenCompose(result -> commit(request, incoming, token.getAsLong(), result));
                })
                .exceptionally(failure -> Outcome.unroutable(Failures.unwrap(failure)));
    }

    /**
     * The instance's record when this node does not run it yet (claimed with {@code token}), or nothing needed when
     * it does. Empty: no record (the instance does not exist, or this node runs it).
     */
    private CompletionStage<Optional<InstanceRecord>> resolve(String instanceId, long token) {
        LiveInstance running = live.get(instanceId);
        if (running != null && running.token == token) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        if (running != null) {
            // This node was assigned the partition again since: the record may have moved on meanwhile.
            live.remove(instanceId, running);
        }
        return records.submitToKey(
                        instanceId,
                        InstanceUpdate.claim(
                                settings.nodeId(), token, settings.idleExpiry().toMillis()))
                .thenApply(claimed -> Optional.ofNullable((InstanceRecord) claimed));
    }

    /** What a task produced: the instance afterwards (null when it ended), and what to commit and send. */
    private record TaskResult(
            LiveInstance instance,
            InstanceTask task,
            boolean ended,
            List<InstanceTask.Outgoing> uncommitted,
            List<Sent> resend,
            boolean fromRecord) {

        static TaskResult answer(List<InstanceTask.Outgoing> outgoing) {
            return new TaskResult(null, null, false, outgoing, List.of(), false);
        }
    }

    /** On the instance pool, within the deadline: the handlers of one request. */
    private TaskResult run(
            Request request, IncomingEvent incoming, long token, LiveInstance running, InstanceRecord record)
            throws JsonProcessingException {
        Connection from = request.from();
        LiveInstance instance = running;
        if (instance == null && record != null) {
            instance = restore(record, incoming.partition(), token);
        }
        if (instance != null && incoming.offset() <= instance.appliedOffset) {
            // Applied before (on this node or the one it took over from): not run again; what the last such request
            // sent is sent again under the same ids, for the gateway to drop what already arrived.
            List<Sent> again = incoming.offset() == instance.appliedOffset ? instance.lastSent : List.of();
            return new TaskResult(instance, null, false, List.of(), again, true);
        }
        if (instance == null) {
            return start(request, incoming, token);
        }
        InstanceTask task = new InstanceTask(instance, json, maxMessageBytes, instance.restored);
        try {
            if (!instance.started) {
                onStart(instance, task);
            }
            Connection known = task.connections().get(from.key());
            switch (request.type()) {
                case EventTypes.WORKER_START -> {
                    if (known == null) {
                        if (instance.kind != WorkerMessages.Kind.SHARED) {
                            return refuse(from, "refused", "a dedicated worker has one client");
                        }
                        if (task.connections().size() >= settings.maxConnections()) {
                            return refuse(
                                    from,
                                    "too-many",
                                    "the shared worker has " + settings.maxConnections()
                                            + " ports (switchboard.worker.instances.max-connections)");
                        }
                        task.connect(from);
                        task.send(from, EventTypes.WORKER_STARTED, new WorkerMessages.Started(from.handle()));
                        ((SharedWorker) instance.worker).onConnect(task.connectEvent(from));
                    } else {
                        task.send(from, EventTypes.WORKER_STARTED, new WorkerMessages.Started(from.handle()));
                    }
                }
                case EventTypes.WORKER_POST -> {
                    if (known == null) {
                        return gone(from);
                    }
                    if (instance.worker instanceof SharedWorker shared) {
                        shared.onMessage(task.messageEvent(known, request.data()));
                    } else {
                        ((DedicatedWorker) instance.worker).onMessage(task.messageEvent(known, request.data()));
                    }
                }
                case EventTypes.WORKER_STOP -> {
                    if (known == null) {
                        return TaskResult.answer(List.of());
                    }
                    task.disconnect(known, instance.kind == WorkerMessages.Kind.SHARED ? "closed" : "terminated");
                    if (instance.worker instanceof SharedWorker shared) {
                        shared.onDisconnect(task.connectEvent(known));
                    }
                }
                default -> throw new InvalidEventException("no worker request of type " + request.type());
            }
        } catch (RuntimeException e) {
            // Like an uncaught error in a browser worker's handler: the client hears of it, the worker goes on; the
            // task's changes are not kept.
            failed(instance.kind);
            LOG.debugf(e, "a task of worker instance %s failed", instance.instanceId);
            List<InstanceTask.Outgoing> answer = new ArrayList<>();
            answer.add(new InstanceTask.Outgoing(
                    EventTypes.WORKER_ERROR,
                    from.clientId(),
                    new WorkerMessages.Failure(from.handle(), "failed", String.valueOf(e))));
            if (EventTypes.WORKER_START.equals(request.type()) && !instance.connections.containsKey(from.key())) {
                answer.add(closed(from, "failed"));
            }
            return TaskResult.answer(answer);
        }
        return finish(instance, task, from);
    }

    /** A request for an instance there is no record of: a start creates it, anything else is answered. */
    private TaskResult start(Request request, IncomingEvent incoming, long token) {
        Connection from = request.from();
        if (!EventTypes.WORKER_START.equals(request.type())) {
            return EventTypes.WORKER_POST.equals(request.type()) ? gone(from) : TaskResult.answer(List.of());
        }
        WorkerMessages.Start start = request.start();
        if (live.size() >= settings.maxLocal()) {
            return refuse(
                    from,
                    "too-many",
                    "this node runs " + settings.maxLocal() + " workers (switchboard.worker.instances.max-local)");
        }
        Optional<String> digest = bundles.current(start.url());
        if (digest.isEmpty()) {
            return refuse(from, "not-found", "no bundle is published under " + start.url());
        }
        Object worker;
        try {
            worker = classes.instance(digest.get(), api(start.kind()));
        } catch (InvalidBundleException e) {
            return refuse(from, "refused", e.getMessage());
        }
        if (worker instanceof SharedWorker shared
                && start.sharing() == WorkerMessages.Sharing.ORIGIN
                && !shared.sharedAcrossUsers()) {
            return refuse(from, "refused", "the worker is not shared across users (SharedWorker.sharedAcrossUsers)");
        }
        LiveInstance instance = new LiveInstance(
                request.instanceId(),
                start.kind(),
                start.url(),
                digest.get(),
                start.name() == null ? "" : start.name(),
                worker,
                incoming.partition(),
                token,
                Map.of(),
                json.createObjectNode(),
                false);
        InstanceTask task = new InstanceTask(instance, json, maxMessageBytes, false);
        try {
            onStart(instance, task);
            task.connect(from);
            task.send(from, EventTypes.WORKER_STARTED, new WorkerMessages.Started(from.handle()));
            if (worker instanceof SharedWorker shared) {
                shared.onConnect(task.connectEvent(from));
            }
        } catch (RuntimeException e) {
            failed(instance.kind);
            return refuse(from, "failed", String.valueOf(e));
        }
        return finish(instance, task, from);
    }

    /** The worker API a bundle implements for {@code kind}. */
    private static Class<?> api(WorkerMessages.Kind kind) {
        return kind == WorkerMessages.Kind.SHARED ? SharedWorker.class : DedicatedWorker.class;
    }

    private static void onStart(LiveInstance instance, InstanceTask task) {
        if (instance.worker instanceof SharedWorker shared) {
            shared.onStart(task.startEvent());
        } else {
            ((DedicatedWorker) instance.worker).onStart(task.startEvent());
        }
    }

    /** After the handlers: an instance that ended tells every port still open. */
    private TaskResult finish(LiveInstance instance, InstanceTask task, Connection from) {
        boolean ended = task.ended();
        if (ended) {
            List.copyOf(task.connections().values()).forEach(connection -> task.disconnect(connection, "closed"));
        }
        int stateBytes = task.stateNode().toString().getBytes(StandardCharsets.UTF_8).length;
        if (stateBytes > settings.maxStateBytes()) {
            failed(instance.kind);
            return TaskResult.answer(List.of(new InstanceTask.Outgoing(
                    EventTypes.WORKER_ERROR,
                    from.clientId(),
                    new WorkerMessages.Failure(
                            from.handle(),
                            "failed",
                            "the worker's state would be " + stateBytes + " bytes; at most " + settings.maxStateBytes()
                                    + " are kept (switchboard.worker.instances.max-state-bytes)"))));
        }
        return new TaskResult(instance, task, ended, List.of(), List.of(), false);
    }

    /** A task past its deadline: its thread is interrupted (then abandoned), and the worker ends for every port. */
    private TaskResult overran(Request request, Throwable failure) {
        if (!(failure instanceof HandlerDeadlineException)) {
            throw new IllegalStateException(failure);
        }
        LiveInstance instance = live.remove(request.instanceId());
        Connection from = request.from();
        List<InstanceTask.Outgoing> answer = new ArrayList<>();
        answer.add(new InstanceTask.Outgoing(
                EventTypes.WORKER_ERROR,
                from.clientId(),
                new WorkerMessages.Failure(from.handle(), "deadline", failure.getMessage())));
        if (instance != null) {
            failed(instance.kind);
            instance.connections.values().forEach(connection -> answer.add(closed(connection, "deadline")));
        } else {
            answer.add(closed(from, "deadline"));
        }
        return new TaskResult(instance, null, true, answer, List.of(), false);
    }

    /**
     * Commits the task (fenced), then yields what it sent for the engine to publish. An instance that overran or
     * ended is removed; a task that failed commits nothing.
     */
    private CompletionStage<Outcome> commit(Request request, IncomingEvent incoming, long token, TaskResult result) {
        CloudEvent event = incoming.event();
        String kind = result.instance() == null ? "worker" : tag(result.instance().kind);
        if (result.fromRecord()) {
            live.put(request.instanceId(), result.instance());
            return CompletableFuture.completedFuture(outcome(result.instance(), kind, resend(result.resend())));
        }
        if (result.task() == null && !result.ended()) {
            return CompletableFuture.completedFuture(
                    outcome(result.instance(), kind, events(event, result.uncommitted())));
        }
        List<CloudEvent> outgoing = events(
                event,
                result.task() == null ? result.uncommitted() : result.task().outgoing());
        List<Sent> sent = sent(outgoing);
        InstanceRecord next = result.ended() ? null : record(result.instance(), result.task(), incoming.offset(), sent);
        return records.submitToKey(
                        request.instanceId(),
                        InstanceUpdate.commit(
                                settings.nodeId(),
                                token,
                                next,
                                settings.idleExpiry().toMillis()))
                .thenApply(applied -> {
                    if (!Boolean.TRUE.equals(applied)) {
                        live.remove(request.instanceId());
                        return lost("instance " + request.instanceId() + " was taken over by another node");
                    }
                    if (next == null) {
                        live.remove(request.instanceId());
                    } else {
                        LiveInstance instance = result.instance();
                        instance.connections = result.task().connections();
                        instance.state = result.task().stateNode();
                        instance.started = true;
                        instance.appliedOffset = incoming.offset();
                        instance.lastSent = sent;
                        live.put(request.instanceId(), instance);
                    }
                    return outcome(result.instance(), kind, outgoing);
                });
    }

    /** What a task sent, as its record keeps it. */
    private List<Sent> sent(List<CloudEvent> outgoing) {
        List<Sent> sent = new ArrayList<>(outgoing.size());
        try {
            for (CloudEvent event : outgoing) {
                sent.add(new Sent(
                        event.getId(),
                        event.getType(),
                        SwitchboardEvents.clientId(event),
                        json.readTree(SwitchboardEvents.data(event))));
            }
        } catch (IOException e) {
            throw new IllegalStateException("a worker's delivery is not JSON", e);
        }
        return sent;
    }

    private InstanceRecord record(LiveInstance instance, InstanceTask task, long offset, List<Sent> sent) {
        try {
            return new InstanceRecord(
                    instance.instanceId,
                    instance.kind.name(),
                    instance.url,
                    instance.digest,
                    instance.name,
                    settings.nodeId(),
                    instance.token,
                    json.writeValueAsString(task.connections()),
                    json.writeValueAsString(task.stateNode()),
                    offset,
                    json.writeValueAsString(sent));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the record of instance " + instance.instanceId, e);
        }
    }

    /** The instance as its record left it, on this node: a new worker object, its fields empty. */
    private LiveInstance restore(InstanceRecord record, int partition, long token) throws JsonProcessingException {
        WorkerMessages.Kind kind = WorkerMessages.Kind.valueOf(record.kind());
        Object worker = classes.instance(record.digest(), api(kind));
        LiveInstance restored = new LiveInstance(
                record.instanceId(),
                kind,
                record.url(),
                record.digest(),
                record.name(),
                worker,
                partition,
                token,
                json.readValue(record.connections(), CONNECTIONS),
                (ObjectNode) json.readTree(record.state()),
                true);
        restored.appliedOffset = record.appliedOffset();
        restored.lastSent = json.readValue(record.pending(), SENT);
        return restored;
    }

    /** The task's deliveries, each with an id derived from the request's, the same whenever it runs again. */
    private List<CloudEvent> events(CloudEvent request, List<InstanceTask.Outgoing> outgoing) {
        List<CloudEvent> events = new ArrayList<>(outgoing.size());
        for (int i = 0; i < outgoing.size(); i++) {
            InstanceTask.Outgoing out = outgoing.get(i);
            if (out.clientId().isEmpty()) {
                continue;
            }
            events.add(SwitchboardEvents.withDerivedId(
                    WorkerMessages.delivery(source, out.type(), out.clientId(), out.payload()), request.getId(), i));
        }
        return events;
    }

    private List<CloudEvent> resend(List<Sent> sent) {
        return sent.stream()
                .map(again -> WorkerMessages.withId(
                        WorkerMessages.delivery(source, again.type(), again.clientId(), again.payload()), again.id()))
                .toList();
    }

    private static Outcome outcome(LiveInstance instance, String kind, List<CloudEvent> outgoing) {
        return new Outcome(
                instance == null ? "" : instance.url,
                instance == null ? "" : instance.digest,
                kind,
                outgoing,
                Optional.empty(),
                true);
    }

    private static Outcome lost(String why) {
        return Outcome.unroutable(new PartitionLostException(why));
    }

    private TaskResult refuse(Connection from, String code, String message) {
        return TaskResult.answer(List.of(
                new InstanceTask.Outgoing(
                        EventTypes.WORKER_ERROR,
                        from.clientId(),
                        new WorkerMessages.Failure(from.handle(), code, message)),
                closed(from, code)));
    }

    private TaskResult gone(Connection from) {
        return refuse(from, "unknown-worker", "no worker '" + from.handle() + "' is running for this client");
    }

    private static InstanceTask.Outgoing closed(Connection connection, String reason) {
        return new InstanceTask.Outgoing(
                EventTypes.WORKER_CLOSED,
                connection.clientId(),
                new WorkerMessages.Closed(connection.handle(), reason));
    }

    private Timer taskTime(TaskResult result) {
        String kind = result == null || result.instance() == null ? "worker" : tag(result.instance().kind);
        Timer timer = taskTimes.get(kind);
        return timer != null
                ? timer
                : taskTimes.computeIfAbsent(
                        kind, k -> meters.timer("switchboard.worker.instances.task.duration", "kind", k));
    }

    private void failed(WorkerMessages.Kind kind) {
        taskFailures
                .computeIfAbsent(
                        tag(kind), tag -> meters.counter("switchboard.worker.instances.task.failures", "kind", tag))
                .increment();
    }

    private static String tag(WorkerMessages.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Asks, through the workers topic (so in order with the instance's other requests), that the ports of clients
     * gone for good (their resume window over) be closed; once per port.
     */
    private void sweep() {
        try {
            Map<String, Connection> byKey = new LinkedHashMap<>();
            Map<String, String> instanceOf = new LinkedHashMap<>();
            live.values().forEach(instance -> instance.connections.values().forEach(connection -> {
                byKey.put(instance.instanceId + "|" + connection.key(), connection);
                instanceOf.put(instance.instanceId + "|" + connection.key(), instance.instanceId);
            }));
            stopsAsked.retainAll(byKey.keySet());
            Set<String> clients = new HashSet<>();
            byKey.values().forEach(connection -> clients.add(connection.clientId()));
            if (clients.isEmpty()) {
                return;
            }
            Set<String> present = clientOwners.getAll(clients).keySet();
            List<CloudEvent> stops = new ArrayList<>();
            byKey.forEach((key, connection) -> {
                if (!present.contains(connection.clientId()) && stopsAsked.add(key)) {
                    stops.add(WorkerMessages.request(
                            source,
                            EventTypes.WORKER_STOP,
                            instanceOf.get(key),
                            connection.clientId(),
                            connection.userId(),
                            new WorkerMessages.Stop(connection.handle())));
                }
            });
            if (!stops.isEmpty()) {
                LOG.debugf("closing %d worker ports of clients that are gone", stops.size());
                sink.publish(stops, Context.current()).exceptionally(failure -> {
                    // Asked again at the next sweep.
                    stops.forEach(stop ->
                            stopsAsked.remove(SwitchboardEvents.key(stop) + "|" + SwitchboardEvents.clientId(stop) + " "
                                    + WorkerMessages.read(stop, WorkerMessages.Stop.class)
                                            .handle()));
                    return null;
                });
            }
        } catch (RuntimeException e) {
            LOG.warnf("the sweep for gone clients of worker instances failed: %s", e.toString());
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
