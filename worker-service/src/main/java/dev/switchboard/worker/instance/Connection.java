package dev.switchboard.worker.instance;

/** One client's port to an instance: the client, its user, and the client's handle for the worker. */
record Connection(String clientId, String userId, String handle) {

    /** The connection's key in the instance record: a client may hold several ports to one shared worker. */
    String key() {
        return clientId + " " + handle;
    }
}
