package dev.switchboard.contract.event;

import java.util.Map;

/** The CloudEvent {@code type} of every event Switchboard puts on Kafka. */
public final class EventTypes {

    /** A client called {@code postMessage} on its worker: wakes the worker's {@code message} handler. */
    public static final String CLIENT_MESSAGE = "dev.switchboard.client.message";

    /** A worker called {@code client.postMessage}: the gateway holding that client writes it to the client. */
    public static final String CLIENT_DELIVERY = "dev.switchboard.client.delivery";

    /**
     * A delivery to every connected client of one user, on every node (all devices of the user). Keyed by the
     * user id; carries {@code userid} and no {@code clientid}.
     */
    public static final String USER_DELIVERY = "dev.switchboard.user.delivery";

    /**
     * push-service accepted a Web Push message for one subscription; it delivers it from Kafka
     * ({@link Topics#PUSH_SENDS}, subject and key: the subscription id).
     */
    public static final String PUSH_SEND = "dev.switchboard.push.send";

    /**
     * A request to the gateway inside an active registration's scope, from a client that version controls:
     * wakes the worker's {@code fetch} handler ({@link Topics#EVENTS}, key: the client id). Carries
     * {@code registrationid}, {@code workerversion} and {@code replyto} (the gateway node waiting for the answer).
     */
    public static final String FETCH_REQUEST = "dev.switchboard.fetch.request";

    /**
     * The worker's answer to a {@link #FETCH_REQUEST}: a response, or "not handled" (no {@code respondWith}),
     * which the gateway answers from the network ({@link Topics#FETCH_RESPONSES}, key: the gateway node id).
     */
    public static final String FETCH_RESPONSE = "dev.switchboard.fetch.response";

    /**
     * A push message for a user with a connected client: wakes the {@code push} handler of the registration's
     * worker ({@link Topics#EVENTS}, key: the user id). Data: {@link PushMessages.Push}.
     */
    public static final String PUSH_PUSH = "dev.switchboard.push.push";
    /**
     * One of a user's push subscriptions expired, was removed by its push service (404/410) or was replaced: wakes
     * the worker's {@code pushsubscriptionchange} handler ({@link Topics#EVENTS}, key: the user id). Data:
     * {@link PushMessages.SubscriptionChange}.
     */
    public static final String PUSH_SUBSCRIPTION_CHANGE = "dev.switchboard.push.subscriptionchange";
    /**
     * A worker's {@code showNotification} for one user: every gateway node writes a {@code notification} frame to
     * each connected client of the user it holds ({@link Topics#DELIVERIES}, key: the user id, like
     * {@link #USER_DELIVERY}). Data: {@link NotificationMessages.Show}.
     */
    public static final String NOTIFICATION_SHOW = "dev.switchboard.notification.show";
    /**
     * A client reports that the user clicked a notification: wakes {@code notificationclick} ({@link Topics#EVENTS}).
     * Data: {@link NotificationMessages.Interaction}, as for a close.
     */
    public static final String NOTIFICATION_CLICK = "dev.switchboard.notification.click";
    /** A client reports that the user closed a notification: wakes {@code notificationclose} ({@link Topics#EVENTS}). */
    public static final String NOTIFICATION_CLOSE = "dev.switchboard.notification.close";
    /**
     * A background sync registered by a client or a handler ({@link Topics#SYNC}, key: user id + "/" + tag):
     * push-service schedules its attempts. The data is the sync's payload (JSON, at most
     * {@code switchboard.sync.max-payload-bytes}); user, registration and tag are attributes
     * ({@link SyncMessages#readRegistration}).
     */
    public static final String SYNC_REGISTER = "dev.switchboard.sync.register";
    /**
     * One attempt of a sync: wakes the worker's {@code sync} handler ({@link Topics#EVENTS}, key: user id + "/" +
     * tag); carries {@code replyto}, the push-service node waiting for the outcome. Data: {@link SyncMessages.Attempt}.
     */
    public static final String SYNC_ATTEMPT = "dev.switchboard.sync.attempt";
    /**
     * The worker's outcome of a {@link #SYNC_ATTEMPT} ({@link Topics#SYNC_OUTCOMES}, key: the push-service node id).
     * Data: {@link SyncMessages.Outcome}.
     */
    public static final String SYNC_OUTCOME = "dev.switchboard.sync.outcome";
    /**
     * A sync whose last attempt failed or whose retention ended ({@link Topics#SYNC_DEAD_LETTER}). Data:
     * {@link SyncMessages.DeadLetter}.
     */
    public static final String SYNC_DEAD = "dev.switchboard.sync.dead";

    /**
     * A version of the client's registration changed state ({@code ServiceWorker.onstatechange}): data
     * {@code {"registrationId","scope","version","state"}}. A delivery to one client (key: the client id); the
     * gateway writes it as a {@code statechange} frame.
     */
    public static final String WORKER_STATECHANGE = "dev.switchboard.worker.statechange";

    /**
     * A new version of the client's registration started installing ({@code registration.onupdatefound}): data
     * {@code {"registrationId","scope","version"}}; an {@code updatefound} frame.
     */
    public static final String REGISTRATION_UPDATEFOUND = "dev.switchboard.registration.updatefound";

    /**
     * The client's controller changed ({@code navigator.serviceWorker.oncontrollerchange}), after
     * {@code clients.claim()} or when a claimed client's version was replaced: data
     * {@code {"registrationId","scope","version"}}; a {@code controllerchange} frame.
     */
    public static final String CLIENT_CONTROLLERCHANGE = "dev.switchboard.client.controllerchange";

    /**
     * A client's own event could not be handled (its handler kept failing, overran its deadline, or its answer
     * could not be published): the gateway writes an {@code error} frame naming the event. A delivery to one
     * client (key: the client id); data {@code {"eventId","code","message"}}.
     */
    public static final String CLIENT_ERROR = "dev.switchboard.client.error";

    /**
     * A publication to a channel ({@link Topics#CHANNELS}, key and {@code channel} extension: the channel name): every
     * gateway node writes it to its subscribers of the channel; {@code clientid}/{@code userid} name the publisher when
     * a client or user published it.
     */
    public static final String CHANNEL_PUBLICATION = "dev.switchboard.channel.publication";

    /**
     * A client asks to subscribe to a channel of a namespace whose {@code subscribe} rule is {@code WORKER}: wakes the
     * {@code subscribe} handler of the client's worker ({@link Topics#EVENTS}, key: the client id), which allows or
     * refuses it. Carries {@code replyto}, the gateway node waiting. Data: {@link ChannelMessages.SubscribeRequest}.
     */
    public static final String CHANNEL_SUBSCRIBE = "dev.switchboard.channel.subscribe";

    /**
     * The worker's decision on a {@link #CHANNEL_SUBSCRIBE} ({@link Topics#FETCH_RESPONSES}, the gateway nodes' reply
     * topic; key: the gateway node id; {@code inreplyto}: the request). Data: {@link ChannelMessages.Decision}.
     */
    public static final String CHANNEL_DECISION = "dev.switchboard.channel.decision";
    /** A client joined a channel's presence ({@link Topics#CHANNELS}, like a publication). */
    public static final String CHANNEL_JOIN = "dev.switchboard.channel.join";
    /** A client left a channel's presence ({@link Topics#CHANNELS}, like a publication). */
    public static final String CHANNEL_LEAVE = "dev.switchboard.channel.leave";
    /**
     * A MessageChannel was closed (by either end, or with a holder that is gone): one record in each port's inbox
     * ({@link Topics#CHANNELS}, key: the pair, {@code channel}: the inbox), so each holder hears it after the
     * messages before it. Data: {@code {}}.
     */
    public static final String PORT_CLOSED = "dev.switchboard.port.closed";

    /**
     * A client starts a dedicated worker or connects to a shared one ({@link Topics#WORKERS}, key: the instance id;
     * {@code clientid}, {@code userid}). Data: {@link WorkerMessages.Start}.
     */
    public static final String WORKER_START = "dev.switchboard.worker.start";
    /** A client posts to a worker it started or connected to ({@link Topics#WORKERS}). Data: {@link WorkerMessages.Post}. */
    public static final String WORKER_POST = "dev.switchboard.worker.post";
    /**
     * A client terminates its dedicated worker, or closes its port to a shared one, or is gone ({@link Topics#WORKERS}).
     * Data: {@link WorkerMessages.Stop}.
     */
    public static final String WORKER_STOP = "dev.switchboard.worker.stop";
    /** To one client ({@link Topics#DELIVERIES}, key: the client): its worker runs. Data: {@link WorkerMessages.Started}. */
    public static final String WORKER_STARTED = "dev.switchboard.worker.started";
    /** To one client: a worker's {@code postMessage}. Data: {@link WorkerMessages.Message}. */
    public static final String WORKER_MESSAGE = "dev.switchboard.worker.message";
    /** To one client: a worker's task failed. Data: {@link WorkerMessages.Failure}. */
    public static final String WORKER_ERROR = "dev.switchboard.worker.error";
    /** To one client: its worker, or its port to a shared worker, ended. Data: {@link WorkerMessages.Closed}. */
    public static final String WORKER_CLOSED = "dev.switchboard.worker.closed";

    /** The deliveries of dedicated and shared workers, each a frame of its own in the client's stream. */
    public static final Map<String, String> WORKER_FRAMES = Map.of(
            WORKER_STARTED, "worker-started",
            WORKER_MESSAGE, "worker-message",
            WORKER_ERROR, "worker-error",
            WORKER_CLOSED, "worker-closed");

    /** The lifecycle deliveries above: each a frame of its own at the client. */
    public static final Map<String, String> LIFECYCLE_FRAMES = Map.of(
            WORKER_STATECHANGE, "statechange",
            REGISTRATION_UPDATEFOUND, "updatefound",
            CLIENT_CONTROLLERCHANGE, "controllerchange");

    private EventTypes() {}
}
