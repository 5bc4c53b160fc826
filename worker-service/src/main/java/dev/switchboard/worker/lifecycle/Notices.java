package dev.switchboard.worker.lifecycle;

import java.util.List;
import java.util.Map;

import io.cloudevents.CloudEvent;

/** Sends lifecycle deliveries (statechange, updatefound, controllerchange) to clients; implemented over Kafka. */
public interface Notices {

    /** Sends one delivery of {@code type} with {@code data} to each client; returns when Kafka has them all. */
    void send(String type, List<String> clientIds, Map<String, Object> data);

    /** Puts ready-made events on the deliveries topic; returns when Kafka has them all. */
    void publish(List<CloudEvent> events);
}
