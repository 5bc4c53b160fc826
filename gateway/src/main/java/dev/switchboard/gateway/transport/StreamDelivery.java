package dev.switchboard.gateway.transport;

import dev.switchboard.gateway.protocol.ServerFrame;

/** A delivery of the client's own stream: its Kafka offset (the order) and the frame to send. */
public record StreamDelivery(long offset, ServerFrame frame) {
}
