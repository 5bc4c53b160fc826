package dev.switchboard.worker.api;

import java.util.Objects;

/**
 * The browser's {@code ClientQueryOptions} of {@link Clients#matchAll}.
 *
 * @param includeUncontrolled also the clients in scope that this version does not control (default false)
 * @param type the clients' type, {@link ClientType#ALL} for every type (default {@link ClientType#WINDOW})
 */
public record ClientQueryOptions(boolean includeUncontrolled, ClientType type) {

    /** {@code {}}: the windows this version controls. */
    public static final ClientQueryOptions DEFAULT = new ClientQueryOptions(false, ClientType.WINDOW);

    public ClientQueryOptions {
        Objects.requireNonNull(type, "type");
    }

    public ClientQueryOptions withIncludeUncontrolled(boolean include) {
        return new ClientQueryOptions(include, type);
    }

    public ClientQueryOptions withType(ClientType clientType) {
        return new ClientQueryOptions(includeUncontrolled, clientType);
    }
}
