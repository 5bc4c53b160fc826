package dev.switchboard.worker.instance;

import com.fasterxml.jackson.databind.JsonNode;

/** One delivery a request made, kept with its id so that a node taking the instance over sends it the same way. */
record Sent(String id, String type, String clientId, JsonNode payload) {}
