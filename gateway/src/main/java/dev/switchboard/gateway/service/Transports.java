package dev.switchboard.gateway.service;

/** Transport names as recorded in the client registry and used as metric tags. */
public final class Transports {

    public static final String WEBSOCKET = "websocket";
    public static final String SSE = "sse";

    private Transports() {}
}
