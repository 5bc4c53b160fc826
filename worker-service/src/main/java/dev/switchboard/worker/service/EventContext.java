package dev.switchboard.worker.service;

import java.net.URI;

import com.fasterxml.jackson.databind.ObjectMapper;

/** What the events of push, sync and notifications need to build what a handler sends. */
record EventContext(NotificationPublisher notifications, SyncRegistrar syncs, ObjectMapper json, URI source) {
}
