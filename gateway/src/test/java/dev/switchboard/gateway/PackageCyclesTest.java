package dev.switchboard.gateway;

import org.junit.jupiter.api.Test;

import dev.switchboard.testsupport.PackageCycles;

/**
 * The gateway's packages depend on each other in one direction only (transport's shared parts and its http, sse
 * and websocket packages included), so each can be read, tested and moved without the ones above it.
 */
class PackageCyclesTest {

    @Test
    void packagesAreFreeOfCycles() {
        PackageCycles.assertFreeOfCycles("dev.switchboard.gateway");
    }
}
