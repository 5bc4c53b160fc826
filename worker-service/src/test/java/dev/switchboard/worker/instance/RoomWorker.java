package dev.switchboard.worker.instance;

import java.util.Map;

import dev.switchboard.worker.api.ConnectEvent;
import dev.switchboard.worker.api.SharedWorker;
import dev.switchboard.worker.api.WorkerMessageEvent;

/**
 * A shared worker for the tests: one count for all its clients, kept in {@code self.state()}; every message raises
 * it and is told to every port, with the port count and who sent it.
 */
public class RoomWorker implements SharedWorker {

    @Override
    public void onConnect(ConnectEvent event) {
        event.port().postMessage(Map.of("connected", event.self().ports().size()));
    }

    @Override
    public void onMessage(WorkerMessageEvent event) {
        long count = event.self().state().get("count", Long.class).orElse(0L) + 1;
        event.self().state().put("count", count);
        event.self()
                .postMessage(Map.of(
                        "count",
                        count,
                        "from",
                        event.port().clientId(),
                        "ports",
                        event.self().ports().size()));
    }
}
