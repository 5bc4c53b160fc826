package dev.switchboard.worker;

import org.junit.jupiter.api.Test;

import dev.switchboard.testsupport.PackageCycles;

/**
 * worker-api's packages depend one way: the strategies on the API, never the API on the strategies (bundle
 * authors compile against both; {@code ServiceWorker.routes()} names the API's {@code FetchRoutes}).
 */
class PackageCyclesTest {

    @Test
    void packagesAreFreeOfCycles() {
        PackageCycles.assertFreeOfCycles("dev.switchboard.worker");
    }
}
