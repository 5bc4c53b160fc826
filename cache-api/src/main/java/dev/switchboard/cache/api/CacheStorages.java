package dev.switchboard.cache.api;

/** Entry point: the {@link CacheStorage} of each origin. A handler gets its origin's from here. */
public interface CacheStorages {

    /** The storage of {@code origin} ({@code scheme://host[:port]}); rejects anything else with a TYPE_ERROR. */
    CacheStorage forOrigin(String origin);
}
