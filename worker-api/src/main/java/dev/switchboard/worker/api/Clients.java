package dev.switchboard.worker.api;

import java.util.List;
import java.util.Optional;

/**
 * {@code self.clients}: the connected clients in the registration's scope, from the cluster's client registry,
 * limited to the event's user. An event acts for one user: the user of the client that sent the message or the
 * request, the user a push, sync, subscription change or notification event is for. Its handler sees that user's
 * clients only, never another user's, and an event for no user (install, activate) sees none — unless an admin
 * granted the registration the cross-user capability ({@code crossUserClients} when registering), then it sees
 * every user's clients in scope. docs/handler-api.md, "Clients".
 */
public interface Clients {

    /** {@code clients.get(id)}: a client in scope, controlled or not, of any type; empty when not visible. */
    Optional<Client> get(String id);

    /**
     * {@code clients.matchAll(options)}: the visible clients in scope that match {@code options}, in the order
     * their connections were accepted (oldest first; the browser's "most recently focused" has no server
     * equivalent).
     */
    List<Client> matchAll(ClientQueryOptions options);

    /** {@code clients.matchAll()}: the windows this version controls. */
    default List<Client> matchAll() {
        return matchAll(ClientQueryOptions.DEFAULT);
    }

    /** {@code clients.matchAll({includeUncontrolled})}: windows, this version's or (when true) every one in scope. */
    default List<Client> matchAll(boolean includeUncontrolled) {
        return matchAll(ClientQueryOptions.DEFAULT.withIncludeUncontrolled(includeUncontrolled));
    }

    /**
     * {@code clients.claim()}: this (active) version becomes the controller of every client in scope, whatever
     * its user (claiming is about control, not reading); each gets {@code controllerchange}. Fails unless this
     * version is active.
     */
    void claim();
}
