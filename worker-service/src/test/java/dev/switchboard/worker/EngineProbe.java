package dev.switchboard.worker;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.Headers;
import dev.switchboard.worker.api.FetchEvent;
import dev.switchboard.worker.api.MessageEvent;
import dev.switchboard.worker.api.ServiceWorker;
import io.smallrye.common.annotation.Identifier;

/**
 * A test worker for the event engine, told by each message what to do: {@code {"seq": n}} answers {@code {"seq": n}};
 * {@code {"failFirst": k}} throws on its first k runs, then answers; {@code {"fail": true}} always throws;
 * {@code {"spin": true}} busy-loops, ignoring interrupts, until the test calls {@link #releaseSpinners()}. A fetch
 * of {@code /bytes/<n>} answers n bytes.
 */
@ApplicationScoped
@Identifier(EngineProbe.REGISTRATION)
public class EngineProbe implements ServiceWorker {

    public static final String REGISTRATION = "engine-test";

    /** Runs per event id: how many times each event's handler ran. */
    private static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    private static volatile boolean spinnersReleased;

    /** Lets every spinning handler finish. */
    public static void releaseSpinners() {
        spinnersReleased = true;
    }

    /** How many times the handler of event {@code eventId} ran. */
    public static int runs(String eventId) {
        AtomicInteger runs = RUNS.get(eventId);
        return runs == null ? 0 : runs.get();
    }

    @Override
    public void onMessage(MessageEvent event) {
        int run = RUNS.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
        JsonNode data = event.data();
        if (data.path("spin").asBoolean()) {
            long spins = 0;
            while (!spinnersReleased) {
                // Deliberately deaf to interrupts: the engine must abandon this thread, not wait for it.
                spins++;
            }
            event.source().postMessage(Map.of("spun", spins > 0));
            return;
        }
        if (data.path("fail").asBoolean() || run <= data.path("failFirst").asInt(0)) {
            throw new IllegalStateException("told to fail (run " + run + ")");
        }
        event.source().postMessage(data);
    }

    @Override
    public void onFetch(FetchEvent event) {
        String path = event.request().url();
        int size = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        event.respondWith(new CacheResponse(200, "", Headers.empty(), body, ""));
    }
}
