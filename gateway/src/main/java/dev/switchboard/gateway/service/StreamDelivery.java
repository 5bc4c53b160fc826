package dev.switchboard.gateway.service;

import dev.switchboard.gateway.protocol.ServerFrame;

/**
 * A delivery of the client's own stream: its Kafka offset (the order), its event id (a redelivered event's
 * effects carry the ids they had the first time, so a repeat is recognised) and the frame to send.
 */
public record StreamDelivery(long offset, String eventId, ServerFrame frame) {}
