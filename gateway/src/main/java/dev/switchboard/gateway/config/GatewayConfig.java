package dev.switchboard.gateway.config;

import java.time.Duration;

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

    WebSocket websocket();

    Sse sse();

    Http http();

    Outbound outbound();

    interface WebSocket {

        /** Path of the WebSocket endpoint. */
        @WithDefault("/ws")
        String path();

        /** Largest text message a client may send, in bytes (frames are reassembled first). */
        @WithDefault("65536")
        int maxMessageBytes();
    }

    interface Sse {

        /** Path of the event stream. */
        @WithDefault("/sse")
        String path();

        /** The {@code retry:} advice sent when a stream opens: how long a browser waits before reconnecting. */
        @WithDefault("PT2S")
        Duration retry();
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
    }
}
