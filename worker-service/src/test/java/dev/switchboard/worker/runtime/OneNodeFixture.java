package dev.switchboard.worker.runtime;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A {@link LifecycleFixture} with one worker node and the deliveries topic, for the whole test class. */
abstract class OneNodeFixture extends LifecycleFixture {

    static TestNode node;
    static DeliveryLog deliveries;

    @BeforeAll
    static void start() {
        node = new TestNode();
        deliveries = new DeliveryLog();
    }

    @AfterAll
    static void stop() {
        deliveries.close();
        node.close();
    }
}
