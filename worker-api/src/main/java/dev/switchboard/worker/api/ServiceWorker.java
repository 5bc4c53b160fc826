package dev.switchboard.worker.api;

/**
 * A service worker: the Java side of the browser's {@code ServiceWorkerGlobalScope}. One instance serves one
 * version of a registration and is woken once per event; like a browser worker it keeps no state between
 * events (an instance may be dropped and recreated at any time, on any node): what it needs arrives with the
 * event or lives in {@code self.caches()} and the client registry.
 *
 * <p>A handler succeeds when it returns and every promise it passed to {@code waitUntil} (or
 * {@code respondWith}) completes; it fails when it throws or one of them fails. What it sends
 * ({@code postMessage}, {@code showNotification}) leaves only when it succeeds.
 *
 * <p>A bundle (a jar) names its implementation in {@code META-INF/services/dev.switchboard.worker.api.ServiceWorker};
 * it needs a public no-argument constructor. See docs/handler-api.md.
 */
public interface ServiceWorker {

    /** {@code oninstall}: this version is being installed; {@code waitUntil} holds the transition, a failure makes it redundant. */
    default void onInstall(ExtendableEvent event) {}

    /** {@code onactivate}: this version becomes the active one; a good place to delete outdated caches. */
    default void onActivate(ExtendableEvent event) {}

    /**
     * The routes this version declares (Workbox's {@code registerRoute}, as data; see docs/fetch.md). The
     * runtime stores their JSON in the registration when the version activates, so the gateway can answer
     * their cache hits itself (the fast path); the default {@link #onFetch} answers them here. Keep the parsed
     * routes in a static field: an instance may be created per event. An override may return the
     * {@code DeclaredRoutes} it parsed (a {@link FetchRoutes}).
     */
    default FetchRoutes routes() {
        return FetchRoutes.NONE;
    }

    /**
     * {@code onfetch}: a controlled client's request in the registration's scope; not calling {@code respondWith}
     * falls through to the network. The default answers from {@link #routes()}.
     */
    default void onFetch(FetchEvent event) {
        routes().respond(event);
    }

    /** {@code onmessage}: a client called {@code postMessage} on this worker. */
    default void onMessage(MessageEvent event) {}

    /**
     * A client of this worker asks to subscribe to a channel of a namespace that leaves it to the worker
     * ({@code subscribe = WORKER}). Without this handler every such subscribe is refused.
     */
    default void onSubscribe(SubscribeEvent event) {}

    /** {@code onpush}: a push message for a user of this registration. */
    default void onPush(PushEvent event) {}

    /** {@code onsync}: a background-sync attempt; failing it schedules a retry unless {@code lastChance()}. */
    default void onSync(SyncEvent event) {}

    /** {@code onnotificationclick}. */
    default void onNotificationClick(NotificationEvent event) {}

    /** {@code onnotificationclose}. */
    default void onNotificationClose(NotificationEvent event) {}

    /** {@code onpushsubscriptionchange}: a subscription expired, was removed by its push service or was replaced. */
    default void onPushSubscriptionChange(PushSubscriptionChangeEvent event) {}
}
