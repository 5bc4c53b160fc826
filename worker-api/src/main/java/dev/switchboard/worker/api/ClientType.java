package dev.switchboard.worker.api;

/** The browser's {@code ClientType}: what a {@link Client} is, and which ones {@link Clients#matchAll} returns. */
public enum ClientType {
    /** A page (and every client that declared no type when it connected). */
    WINDOW("window"),
    /** Code running in a dedicated {@code Worker}. */
    WORKER("worker"),
    /** Code running in a {@code SharedWorker}. */
    SHARED_WORKER("sharedworker"),
    /** Every type: only a query option, never the type of a client. */
    ALL("all");

    private final String wireName;

    ClientType(String wireName) {
        this.wireName = wireName;
    }

    /** The browser's spelling, which {@link Client#type()} returns. */
    public String wireName() {
        return wireName;
    }

    /** True when a client of type {@code clientType} (a wire name) is one of this type. */
    public boolean matches(String clientType) {
        return this == ALL || wireName.equals(clientType);
    }

    /** The type of a wire name, case-insensitively; a name that is none is a {@code TypeError}. */
    public static ClientType of(String wireName) {
        for (ClientType type : values()) {
            if (type.wireName.equalsIgnoreCase(wireName)) {
                return type;
            }
        }
        throw new IllegalArgumentException(
                "TypeError: '" + wireName + "' is not a ClientType" + " (window, worker, sharedworker, all)");
    }
}
