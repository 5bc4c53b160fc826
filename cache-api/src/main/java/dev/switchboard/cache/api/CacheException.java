package dev.switchboard.cache.api;

/**
 * A rejected Cache API call; {@link #kind()} is the DOMException or TypeError the browser would reject with. Nothing
 * was stored or deleted when this is thrown.
 */
public class CacheException extends RuntimeException {

    public enum Kind {
        /** Bad argument: non-GET, non-http(s) URL, 206, {@code Vary: *}, a failed or non-ok fetch in add/addAll. */
        TYPE_ERROR,
        /** addAll given two requests that match each other. */
        INVALID_STATE,
        /** The entry alone is larger than the body limit or the origin's quota, or a cache holds too many entries. */
        QUOTA_EXCEEDED,
        /** The cluster was too busy to apply a change after the configured number of attempts. */
        CONFLICT
    }

    private final Kind kind;

    public CacheException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public CacheException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static CacheException typeError(String message) {
        return new CacheException(Kind.TYPE_ERROR, message);
    }
}
