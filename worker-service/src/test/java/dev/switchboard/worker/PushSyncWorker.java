package dev.switchboard.worker;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.worker.api.NotificationEvent;
import dev.switchboard.worker.api.PushEvent;
import dev.switchboard.worker.api.PushSubscriptionChangeEvent;
import dev.switchboard.worker.api.ServiceWorker;
import dev.switchboard.worker.api.SyncEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * A test worker: a push shows a notification and registers a sync; a sync fails while its payload says so; a
 * notification close is answered to its client; a subscription change registers a sync to re-subscribe.
 */
@ApplicationScoped
@Identifier(PushSyncWorker.REGISTRATION)
public class PushSyncWorker implements ServiceWorker {

    static final String REGISTRATION = "push-sync-test";

    @Override
    public void onPush(PushEvent event) {
        event.self()
                .registration()
                .showNotification(event.userId(), "new: " + event.text(), Map.of("body", "pushed", "tag", "t1"));
        event.self().registration().registerSync(event.userId(), "after-push", Map.of("text", event.text()));
    }

    @Override
    public void onSync(SyncEvent event) {
        if (event.payload().path("fail").asBoolean()) {
            event.self().registration().showNotification(event.userId(), "never sent", Map.of());
            throw new IllegalStateException("told to fail on attempt " + event.attempt());
        }
        event.self().registration().showNotification(event.userId(), "synced " + event.tag(), Map.of());
    }

    @Override
    public void onNotificationClose(NotificationEvent event) {
        event.source().postMessage(Map.of("closed", event.tag(), "data", event.data()));
    }

    @Override
    public void onPushSubscriptionChange(PushSubscriptionChangeEvent event) {
        event.self()
                .registration()
                .registerSync(
                        event.userId(),
                        "resubscribe",
                        Map.of(
                                "reason",
                                event.reason(),
                                "endpoint",
                                event.oldSubscription().path("endpoint").asText()));
    }
}
