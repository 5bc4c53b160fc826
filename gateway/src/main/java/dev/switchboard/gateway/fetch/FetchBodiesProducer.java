package dev.switchboard.gateway.fetch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.contract.event.EventLimits;
import dev.switchboard.contract.hazelcast.EventBodies;

/** Fetch bodies too large for an event's record travel through the grid ({@link EventBodies}). */
public class FetchBodiesProducer {

    @Produces
    @ApplicationScoped
    EventBodies bodies(HazelcastInstance hazelcast, EventLimits limits) {
        return new EventBodies(hazelcast, limits);
    }
}
