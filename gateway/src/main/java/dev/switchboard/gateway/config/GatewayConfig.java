package dev.switchboard.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.switchboard.contract.event.Registrations;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything the gateway can be told; the defaults are the documented ones (see docs/operations.md). */
@ConfigMapping(prefix = "switchboard.gateway")
public interface GatewayConfig {

    /** This node's id, unique in the cluster: the client registry says which node holds which client. */
    @WithDefault("${quarkus.uuid}")
    String nodeId();

    /** The registration whose worker receives client messages while no registration controls the client. */
    @WithDefault(Registrations.ECHO)
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

    Limits limits();

    /**
     * Per-node limits on what clients may cost: connections per address and per user, and the rate of messages a
     * connection (or a client posting over HTTP) may send.
     */
    interface Limits {

        /**
         * Open WebSocket and SSE connections this node accepts from one remote address; past it a connect is
         * refused with 429 {@code too-many-connections}. The address is the TCP peer's, or the forwarded one when
         * {@code quarkus.http.proxy.proxy-address-forwarding} is on behind a trusted proxy.
         */
        @WithDefault("1000")
        int maxConnectionsPerIp();

        /** Open connections this node accepts for one user (429 {@code too-many-connections} beyond). */
        @WithDefault("100")
        int maxConnectionsPerUser();

        /** Messages per second a connection may send, sustained (a token bucket refilled at this rate). */
        @WithDefault("50")
        int messagesPerSecond();

        /** Messages a connection may send in a burst above the sustained rate (the bucket's size). */
        @WithDefault("100")
        int messageBurst();

        /**
         * Messages a connection may send in a row while over its rate: each is dropped, the first with a
         * {@code rate-limited} error frame; one more closes a WebSocket with 4029. POSTs only get 429.
         */
        @WithDefault("20")
        int maxExcessMessages();

        /** Clients whose POST rate this node tracks at once (least recently posting forgotten first). */
        @WithDefault("65536")
        int maxTrackedPosters();

        /**
         * Dedicated and shared workers one connection may hold at once ({@code worker-start}; past it
         * {@code too-many-workers}).
         */
        @WithDefault("16")
        int maxWorkersPerConnection();
    }

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

        /**
         * Whether every fetch request needs a credential (401 without one, outside anonymous mode). {@code false}
         * relays requests that carry none as no client's (never intercepted, for pages such as a login page); a
         * request that names a client still needs that client's user's credential.
         */
        @WithDefault("true")
        boolean requireCredential();

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

        /**
         * Bytes of request and response bodies the fetch path may hold at once on this node. A request reserves
         * its body (its {@code Content-Length}, or {@link #maxBodyBytes()} when it has none) before it is read,
         * and a relay to the upstream also reserves {@link #maxResponseBytes()} for the answer; what does not fit
         * is refused at once with 503 instead of growing the heap.
         */
        @WithDefault("134217728")
        long maxBufferedBytes();
    }

    /** See {@link Fetch#timeoutFallback()}. */
    enum TimeoutFallback {
        NETWORK,
        ERROR
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

        /**
         * Largest message a client may send, in bytes: a single frame larger than this, or a fragmented message
         * whose frames add up to more, fails the connection with 1009.
         */
        @WithDefault("65536")
        int maxMessageBytes();

        /**
         * How often the server pings every WebSocket. A connection from which neither the pong nor any other frame
         * has come by the next ping is closed with 4000: a dead peer is found within two intervals.
         */
        @WithDefault("PT20S")
        Duration pingInterval();

        /**
         * After the gateway failed a connection for breaking RFC 6455 (Close 1002, 1007 or 1009, then the end of
         * its output), how long it still reads and drops what the peer sends before closing the TCP connection.
         */
        @WithDefault("PT2S")
        Duration closeGrace();
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
         * Local development mode: accept clients without a token. Each such connection becomes an anonymous user
         * of its own, whose anonymous token (in the welcome frame and an HttpOnly cookie) is the only way to act
         * as it again. Off by default: every client then needs a valid JWT, and the gateway does not start
         * without a verifier ({@code mp.jwt.verify.*} key, issuer and audience).
         */
        @WithDefault("false")
        boolean anonymous();

        /** Cookie that may carry the token (besides {@code Authorization: Bearer} and a {@code ?ticket=}). */
        @WithDefault("switchboard_token")
        String tokenCookie();

        /** How long a connect ticket ({@code POST <http.tickets-path>}) may wait to be used (once). */
        @WithDefault("PT30S")
        Duration ticketTtl();

        /** Tickets this node may have issued and not yet seen expire; past it 503. */
        @WithDefault("10000")
        int maxTickets();

        /** Tickets one user may have outstanding from this node; past it 429. */
        @WithDefault("16")
        int maxTicketsPerUser();

        /** How often the node closes connections whose token has expired (close 4001). */
        @WithDefault("PT1S")
        Duration expiryCheckInterval();
    }

    interface Http {

        /** Prefix of the client resource; messages are POSTed to {@code <prefix>/{clientId}/messages}. */
        @WithDefault("/clients")
        String clientsPath();

        /** Largest request body a client may POST, in bytes. */
        @WithDefault("65536")
        int maxBodyBytes();

        /** Path where an authenticated client gets a single-use connect ticket for {@code ?ticket=}. */
        @WithDefault("/tickets")
        String ticketsPath();
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
