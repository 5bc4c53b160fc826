package dev.switchboard.worker.engine;

import java.util.List;
import java.util.Optional;

import io.cloudevents.CloudEvent;

/**
 * What one run of a handler produced.
 *
 * @param registrationId the registration whose handler ran (empty when the event could not be routed)
 * @param version the version that ran
 * @param kind the handler kind ({@code message}, {@code fetch}…)
 * @param outgoing what to publish
 * @param failure the handler's failure, if it failed
 * @param answered true when {@code outgoing} already answers the failure to whoever waits (a fetch's network
 *        fallback, a sync attempt's outcome): the event is then settled without a retry
 */
public record Outcome(
        String registrationId,
        String version,
        String kind,
        List<CloudEvent> outgoing,
        Optional<Throwable> failure,
        boolean answered) {

    public static Outcome unroutable(Throwable failure) {
        return new Outcome("", "", "", List.of(), Optional.of(failure), false);
    }
}
