package dev.switchboard.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything the gateway can be told; the defaults are the documented ones (see docs/operations.md). */
@ConfigMapping(prefix = "switchboard.gateway")
public interface GatewayConfig {

    /** This node's id, unique in the cluster: the client registry says which node holds which client. */
    @WithDefault("${quarkus.uuid}")
    String nodeId();

    /** The registration whose worker receives client messages while no registration controls the client. */
    @WithDefault("echo")
    String defaultRegistration();

    /** How long a client registry call (Hazelcast) may take before the client gets an error instead. */
    @WithDefault("PT5S")
    Duration registryTimeout();

    /**
     * Client registry calls this node may have waiting at once. Past it, connecting clients are refused at once
     * (503 {@code not-accepted}, and they retry with backoff) instead of queueing until they time out: a
     * reconnect storm degrades into quick refusals.
     */
    @WithDefault("1024")
    int registryMaxPending();

    /** How often this node renews its liveness entry in the cluster and sweeps dead nodes' clients. */
    @WithDefault("PT5S")
    Duration nodeHeartbeatInterval();

    /**
     * A node that has not renewed its liveness entry for this long is dead: every node then removes its
     * clients from the registry. Must be several heartbeat intervals.
     */
    @WithDefault("PT15S")
    Duration nodeExpiry();

    WebSocket websocket();

    Sse sse();

    Security security();

    Http http();

    Outbound outbound();

    Resume resume();

    Fetch fetch();

    /**
     * Fetch interception (docs/fetch.md): HTTP requests under {@link #path()} stand for URLs at {@link #origin()};
     * those in a registration's scope from a client it controls become fetch events (or fast-path cache hits),
     * the rest go to the upstream origin.
     */
    interface Fetch {

        /**
         * The public origin ({@code scheme://host[:port]}) the intercepted path space stands for: gateway path
         * {@code /app/x?y} is the URL {@code <origin>/app/x?y}, matched against registration scopes and used as
         * the cache key. Empty: fetch interception is off (no route is served).
         */
        Optional<String> origin();

        /** Gateway paths under this prefix are fetch requests. */
        @WithDefault("/app")
        String path();

        /** Where requests outside every registration's scope go ({@code scheme://host[:port]}); empty: 404. */
        Optional<String> defaultUpstream();

        /** Request header naming the requesting client (checked before the cookie). */
        @WithDefault("Switchboard-Client")
        String clientHeader();

        /** Cookie naming the requesting client. */
        @WithDefault("switchboard_client")
        String clientCookie();

        /** How long a fetch event may wait for the worker's answer before the timeout fallback applies. */
        @WithDefault("PT10S")
        Duration timeout();

        /**
         * What a GET or HEAD whose fetch event timed out gets: {@code network} (the upstream's answer, as if the
         * worker had not called {@code respondWith}) or {@code error} (504). Other methods always get 504: they
         * may have had effects in the worker.
         */
        @WithDefault("network")
        TimeoutFallback timeoutFallback();

        /** Fetch events this node may have waiting for an answer; past it requests are refused with 503. */
        @WithDefault("1024")
        int maxPending();

        /** Largest request body a fetch request may carry (413 beyond). */
        @WithDefault("1048576")
        int maxBodyBytes();

        /** Largest upstream response the gateway relays (502 beyond). */
        @WithDefault("5242880")
        long maxResponseBytes();

        /** How long an upstream request may take (502 beyond). */
        @WithDefault("PT10S")
        Duration upstreamTimeout();

        /** Most registrations this node keeps in its scope snapshot; more are ignored, with an error logged. */
        @WithDefault("10000")
        int maxRegistrations();

        /** Threads serving fast-path cache reads and background revalidations. */
        @WithDefault("8")
        int fastPathThreads();

        /** Fast-path tasks that may wait for a thread; past it requests take the handler path instead. */
        @WithDefault("256")
        int fastPathQueue();
    }

    /** See {@link Fetch#timeoutFallback()}. */
    enum TimeoutFallback {
        NETWORK, ERROR
    }

    interface Resume {

        /**
         * Most deliveries replayed to one resuming client, and most live deliveries held for it while the
         * replay runs. A client that missed more gets a {@code reset} frame (continuity lost) instead.
         */
        @WithDefault("1000")
        int maxEvents();

        /** Oldest missed delivery a resume replays; older means a {@code reset}. Kafka must retain at least this. */
        @WithDefault("PT10M")
        Duration maxAge();

        /** Most Kafka records one replay reads (its partition holds other clients' deliveries too). */
        @WithDefault("200000")
        int maxScannedRecords();

        /** Replays running at once on this node; more wait in a queue of four times this size, then reset. */
        @WithDefault("8")
        int maxConcurrent();

        /**
         * Event ids of its latest deliveries each connection remembers: a delivery repeating one of them (a worker
         * handled a redelivered event again) is dropped, so the client sees each message once. 0 turns it off.
         */
        @WithDefault("32")
        int duplicateWindow();
    }

    interface WebSocket {

        /** Path of the WebSocket endpoint. */
        @WithDefault("/ws")
        String path();

        /** Largest text message a client may send, in bytes (frames are reassembled first). */
        @WithDefault("65536")
        int maxMessageBytes();

        /**
         * How often the server pings every WebSocket. A connection whose pong has not come back by the next
         * ping is closed with 4000: a dead peer is found within two intervals.
         */
        @WithDefault("PT20S")
        Duration pingInterval();
    }

    interface Sse {

        /** Path of the event stream. */
        @WithDefault("/sse")
        String path();

        /** The {@code retry:} advice sent when a stream opens: how long a browser waits before reconnecting. */
        @WithDefault("PT2S")
        Duration retry();

        /** How often an idle stream gets a comment line, so proxies and browsers keep it open. */
        @WithDefault("PT15S")
        Duration keepAliveInterval();
    }

    interface Security {

        /**
         * Origins ({@code scheme://host[:port]}) whose pages may connect. A request with any other
         * {@code Origin} header is refused with 403 (WebSocket ignores the same-origin policy, so this is what
         * stops cross-site WebSocket hijacking). Empty: only same-origin pages (Origin's host equals Host).
         * {@code *}: any origin. Requests without an Origin header (non-browser clients) are not affected.
         */
        Optional<List<String>> allowedOrigins();

        /**
         * Accept clients without a token, as user {@code anonymous}. Off by default: every connection then
         * needs a valid JWT (verified with the {@code mp.jwt.verify.*} settings).
         */
        @WithDefault("false")
        boolean anonymous();

        /** Cookie that may carry the JWT (besides {@code Authorization: Bearer} and {@code ?access_token=}). */
        @WithDefault("switchboard_token")
        String tokenCookie();
    }

    interface Http {

        /** Prefix of the client resource; messages are POSTed to {@code <prefix>/{clientId}/messages}. */
        @WithDefault("/clients")
        String clientsPath();

        /** Largest request body a client may POST, in bytes. */
        @WithDefault("65536")
        int maxBodyBytes();
    }

    interface Outbound {

        /**
         * Bytes a connection may have waiting to be written before it counts as slow. A slow connection is
         * closed (WebSocket code 4008, SSE stream ended) rather than buffered without limit.
         */
        @WithDefault("1048576")
        int maxQueuedBytes();

        /** Messages a connection may have waiting to be written before it counts as slow (same close). */
        @WithDefault("1024")
        int maxQueuedMessages();

        /**
         * The kernel send buffer of each client socket ({@code SO_SNDBUF}), in bytes; 0 leaves it to the OS, which
         * may grow it to megabytes per connection. What waits in it is not counted by the two bounds above.
         */
        @WithDefault("0")
        int socketSendBufferBytes();

        /**
         * After a slow consumer was sent its close (4008), how long it may take to read it before its TCP
         * connection is cut: a peer that stopped reading never gets to the close frame.
         */
        @WithDefault("PT5S")
        Duration slowCloseGrace();
    }
}
