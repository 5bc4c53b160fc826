package dev.switchboard.gateway.fetch;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.CacheStorages;
import dev.switchboard.cache.api.HttpUpstream;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.FetchMessages;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.gateway.security.AnonymousTokens;
import dev.switchboard.gateway.security.Principal;
import dev.switchboard.outbound.OutboundHttp;
import dev.switchboard.outbound.OutboundPolicy;
import dev.switchboard.worker.strategies.BackgroundExecutors;
import dev.switchboard.worker.strategies.DeclaredRoutes;
import dev.switchboard.worker.strategies.OriginUpstream;
import dev.switchboard.worker.strategies.StrategyContext;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;

/**
 * A stand-in for worker-service's fetch handling (built in parallel on another branch): it reads fetch events
 * from the real broker and answers them with the real strategies library, as a worker whose {@code onFetch} is
 * the default one (its declared routes) would. Versions it does not know are left unanswered.
 */
final class TestFetchWorker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TestFetchWorker.class);
    private static final URI SOURCE = URI.create("/switchboard/test-worker");

    /** The worker's network: the tests' upstreams are on loopback, which only an explicit allowance reaches. */
    static final OutboundHttp OUTBOUND = OutboundHttp.standalone(OutboundPolicy.allowingNetworks("127.0.0.1/32"));

    private final Map<String, DeclaredRoutes> routesByVersion = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, CloudEvent> consumer;
    private final KafkaProducer<String, CloudEvent> producer;
    private final CacheStorages storages;
    private final String origin;
    private final String upstreamOrigin;
    private final HttpUpstream http = HttpUpstream.relaying(OUTBOUND, Duration.ofSeconds(5), 1 << 20);
    private final ExecutorService background = BackgroundExecutors.bounded("test-worker", 4, 256);
    /** Answers several events at once, as worker-service does across partitions. */
    private final ExecutorService answering = java.util.concurrent.Executors.newFixedThreadPool(4);

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    TestFetchWorker(String bootstrapServers, CacheStorages storages, String origin, String upstreamOrigin) {
        this.storages = storages;
        this.origin = origin;
        this.upstreamOrigin = upstreamOrigin;
        this.consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-worker-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "latest"),
                new StringDeserializer(),
                new CloudEventDeserializer());
        this.producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(),
                new CloudEventSerializer());
        consumer.subscribe(List.of(Topics.EVENTS));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
        thread = new Thread(this::run, "test-fetch-worker");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The (anonymous) user every test client belongs to: a request naming one of them must carry
     * {@link #OWNER_COOKIE}, since a client acts only as itself.
     */
    static final Principal OWNER = AnonymousTokens.issue();
    /** The {@code Cookie} header value that proves {@link #OWNER}, as a browser page's requests carry it. */
    static final String OWNER_COOKIE = "switchboard_token=" + OWNER.issuedToken();

    /** The gateway node the test clients are connected to: alive (for ten minutes) so no sweep removes them. */
    static final String CLIENTS_NODE = "test-node-elsewhere";

    /**
     * Records a client connected to another (live) gateway node, controlled by {@code controller} (empty: none),
     * as the gateway that holds its connection would.
     */
    static void recordClient(HazelcastInstance member, String clientId, String controller) {
        recordClient(member, clientId, controller, OWNER.userId());
    }

    /** The same, for a client of {@code userId}. */
    static void recordClient(HazelcastInstance member, String clientId, String controller, String userId) {
        member.<String, Long>getMap(HazelcastNames.GATEWAY_NODES)
                .set(CLIENTS_NODE, System.currentTimeMillis(), 10, TimeUnit.MINUTES);
        member.<String, ClientRecord>getMap(HazelcastNames.CLIENTS)
                .set(
                        clientId,
                        new ClientRecord(
                                clientId,
                                CLIENTS_NODE,
                                userId,
                                "websocket",
                                "",
                                System.currentTimeMillis(),
                                controller));
    }

    /** Answers fetch events for {@code version} with {@code routes}. */
    void serve(String version, DeclaredRoutes routes) {
        routesByVersion.put(version, routes);
    }

    private void run() {
        while (running.get()) {
            for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(50))) {
                CloudEvent event = record.value();
                if (event == null || !EventTypes.FETCH_REQUEST.equals(event.getType())) {
                    continue;
                }
                DeclaredRoutes routes = SwitchboardEvents.extension(event, EventExtensions.WORKER_VERSION)
                        .map(routesByVersion::get)
                        .orElse(null);
                if (routes != null) {
                    answering.execute(() -> answer(event, routes));
                }
            }
        }
        consumer.close();
    }

    private void answer(CloudEvent event, DeclaredRoutes routes) {
        FetchMessages.Request request = FetchMessages.decodeRequest(SwitchboardEvents.data(event));
        StrategyContext context = new StrategyContext(
                storages.forOrigin(origin), new OriginUpstream(origin, upstreamOrigin, http), background, null);
        CacheRequest cacheRequest = FetchReplies.cacheRequest(request);
        FetchMessages.Response response;
        try {
            Optional<CacheResponse> answered = routes.router().handle(cacheRequest, context);
            response = answered.map(FetchReplies::of).orElse(FetchMessages.Response.NOT_HANDLED);
        } catch (RuntimeException failure) {
            LOG.debugf("route failed for %s: %s", request.url(), failure.getMessage());
            response = FetchReplies.of(CacheResponse.error());
        }
        String replyTo = FetchMessages.replyTo(event).orElseThrow();
        CloudEvent answer = FetchMessages.responseEvent(SOURCE, replyTo, event.getId(), response);
        producer.send(new ProducerRecord<>(Topics.FETCH_RESPONSES, replyTo, answer));
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5000);
        answering.shutdown();
        answering.awaitTermination(5, TimeUnit.SECONDS);
        producer.close();
        background.shutdownNow();
    }
}
