package dev.switchboard.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.InvalidEventException;
import dev.switchboard.contract.event.Registrations;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.worker.engine.Outcome;
import io.cloudevents.CloudEvent;

/**
 * An event is routed, opened and handled in one handler-pool task (WorkerRuntime.handle): what the handler posts
 * comes back for the routed version, and an event that cannot be routed comes back unroutable, no handler run.
 */
class EventRoutingTest extends OneNodeFixture {

    @Test
    void aMessageIsRoutedToItsRegistrationAndHandledThere() throws Exception {
        String client = connect(node, scope + "index.html");
        CloudEvent message = SwitchboardEvents.clientMessage(
                GATEWAY, client, "alice", Registrations.ECHO, "{\"n\":1}".getBytes(StandardCharsets.UTF_8));

        Outcome outcome = node.runtime()
                .handle(message, 1, io.opentelemetry.context.Context.root())
                .toCompletableFuture()
                .join();

        assertThat(outcome.failure()).isEmpty();
        assertThat(outcome.registrationId()).isEqualTo(Registrations.ECHO);
        assertThat(outcome.version()).isNotEmpty();
        assertThat(outcome.kind()).isEqualTo("message");
        assertThat(outcome.outgoing()).hasSize(1);
        CloudEvent delivery = outcome.outgoing().get(0);
        assertThat(delivery.getType()).isEqualTo(EventTypes.CLIENT_DELIVERY);
        assertThat(SwitchboardEvents.extension(delivery, EventExtensions.CLIENT_ID))
                .contains(client);
        JsonNode answer = JSON.readTree(SwitchboardEvents.data(delivery));
        assertThat(answer.path("echo").path("n").asInt()).isEqualTo(1);
    }

    @Test
    void anEventForNoKnownRegistrationIsUnroutableAndRunsNoHandler() {
        String client = connect(node, scope + "index.html");
        CloudEvent message = SwitchboardEvents.clientMessage(
                GATEWAY, client, "alice", "no-such-registration", "{}".getBytes(StandardCharsets.UTF_8));

        Outcome outcome = node.runtime()
                .handle(message, 1, io.opentelemetry.context.Context.root())
                .toCompletableFuture()
                .join();

        assertThat(outcome.registrationId()).isEmpty();
        assertThat(outcome.outgoing()).isEmpty();
        assertThat(outcome.answered()).isFalse();
        assertThat(outcome.failure())
                .get()
                .isInstanceOf(InvalidEventException.class)
                .extracting(Throwable::getMessage)
                .asString()
                .contains("no-such-registration");
    }
}
