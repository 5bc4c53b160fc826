package dev.switchboard.gateway.fetch;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;

/**
 * Who answered each fetch request ({@code switchboard_gateway_fetch_total{outcome}}) and how long it took, from
 * the moment the request reached the fetch route until its response ended
 * ({@code switchboard_gateway_fetch_duration_seconds{outcome}}, a histogram with the fixed {@link #BUCKETS}, so a
 * node exports at most buckets × outcomes series of it). A request refused before it had an outcome (admission,
 * a body over the limit) is neither counted nor timed.
 */
final class FetchOutcomes {

    /**
     * The histogram's bucket bounds: from a cache hit (milliseconds) to the longest path, a fetch event that times
     * out ({@code fetch.timeout}, 10 s) and then goes to the network ({@code fetch.upstream-timeout}, 10 s).
     */
    static final Duration[] BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(20),
        Duration.ofSeconds(30)
    };

    private static final String OUTCOME = FetchOutcomes.class.getName() + ".outcome";

    private final MeterRegistry meters;
    private final Map<String, Meters> byOutcome = new ConcurrentHashMap<>();

    FetchOutcomes(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Times {@code context} until its response ends, under the outcome {@link #record} gives it by then. */
    void start(RoutingContext context) {
        long started = System.nanoTime();
        context.addEndHandler(ended -> {
            String outcome = context.get(OUTCOME);
            if (outcome != null) {
                of(outcome).duration().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
        });
    }

    /** Counts the request under {@code outcome}, and times it so once its response ends. */
    void record(RoutingContext context, String outcome) {
        context.put(OUTCOME, outcome);
        of(outcome).requests().increment();
    }

    private Meters of(String outcome) {
        return byOutcome.computeIfAbsent(
                outcome,
                tag -> new Meters(
                        Counter.builder("switchboard.gateway.fetch")
                                .tag("outcome", tag)
                                .description("fetch requests by who answered them")
                                .register(meters),
                        Timer.builder("switchboard.gateway.fetch.duration")
                                .tag("outcome", tag)
                                .description("time from a fetch request's arrival to the end of its response")
                                .serviceLevelObjectives(BUCKETS)
                                .register(meters)));
    }

    private record Meters(Counter requests, Timer duration) {}
}
