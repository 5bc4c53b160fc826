package dev.switchboard.worker.api;

import com.fasterxml.jackson.databind.JsonNode;

/** A message a client posted to a dedicated or shared worker. */
public interface WorkerMessageEvent extends WorkerEvent {

    /** The message: any JSON value. */
    JsonNode data();

    /** The port it came on: the client that posted it, to answer on. */
    WorkerPort port();
}
