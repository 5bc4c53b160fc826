package dev.switchboard.worker.instance;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.worker.api.DedicatedWorker;
import dev.switchboard.worker.api.WorkerEvent;
import dev.switchboard.worker.api.WorkerMessageEvent;

/**
 * A dedicated worker for the tests, loaded from a bundle: it counts its messages in a field (its in-memory state)
 * and commits the count to {@code self.state()}, so a node taking it over goes on from there. The message says what
 * else to do: {@code throw}, {@code spin} (until interrupted), {@code sleep} (ms), {@code close}.
 */
public class CounterWorker implements DedicatedWorker {

    private long count;

    @Override
    public void onStart(WorkerEvent event) {
        count = event.self().state().get("count", Long.class).orElse(0L);
    }

    @Override
    public void onMessage(WorkerMessageEvent event) {
        JsonNode data = event.data();
        if (data.path("throw").asBoolean()) {
            count++;
            throw new IllegalStateException("asked to throw");
        }
        if (data.path("spin").asBoolean()) {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
            return;
        }
        long sleep = data.path("sleep").asLong(0);
        if (sleep > 0) {
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (data.path("close").asBoolean()) {
            event.self().close();
            return;
        }
        count++;
        event.self().state().put("count", count);
        event.port().postMessage(Map.of("count", count, "seq", data.path("seq").asInt(-1)));
    }
}
