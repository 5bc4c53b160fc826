package dev.switchboard.worker.api;

/**
 * {@code new MessageChannel()}: a pair of ports, a direct line between their two holders. A handler creates it with
 * {@link WorkerGlobalScope#messageChannel()} and hands each port to a client; a port it has not handed on when its
 * event succeeds is closed.
 */
public interface MessageChannel {

    MessagePort port1();

    MessagePort port2();
}
