package dev.switchboard.worker.api;

import java.util.List;
import java.util.Optional;

/** {@code self.clients}: the connected clients of the registration, from the cluster's client registry. */
public interface Clients {

    /** {@code clients.get(id)}: a client in the registration's scope, controlled or not. */
    Optional<Client> get(String id);

    /** {@code clients.matchAll()}: the clients this version controls ({@code includeUncontrolled}: every client in scope). */
    List<Client> matchAll(boolean includeUncontrolled);

    /**
     * {@code clients.claim()}: this (active) version becomes the controller of every client in scope;
     * each gets {@code controllerchange}. Fails unless this version is active.
     */
    void claim();
}
