package dev.switchboard.gateway.node;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether this node is draining: set once, when shutdown begins (ClientSessions then closes every client), and read
 * by whatever refuses new work meanwhile. A bean of its own so that admission does not depend on the sessions.
 */
@ApplicationScoped
public class Draining {

    private volatile boolean draining;

    /** True once the node is shutting down: new clients are refused and sent elsewhere. */
    public boolean draining() {
        return draining;
    }

    /** Shutdown has begun; there is no way back. */
    public void begin() {
        draining = true;
    }
}
