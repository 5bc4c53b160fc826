package dev.switchboard.worker;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.worker.api.PushEvent;
import dev.switchboard.worker.api.ServiceWorker;
import io.smallrye.common.annotation.Identifier;

/** A test worker: a push publishes to the channel its text names, or fails when the channel cannot be. */
@ApplicationScoped
@Identifier(ChannelTestWorker.REGISTRATION)
public class ChannelTestWorker implements ServiceWorker {

    static final String REGISTRATION = "channel-test";

    @Override
    public void onPush(PushEvent event) {
        event.self().channel(event.text()).postMessage(Map.of("pushed", event.text()));
    }
}
