package dev.switchboard.cache.api;

/** {@code CacheQueryOptions}: what a match may ignore. */
public record QueryOptions(boolean ignoreSearch, boolean ignoreMethod, boolean ignoreVary) {

    public static final QueryOptions DEFAULT = new QueryOptions(false, false, false);

    public static QueryOptions ignoringSearch() {
        return new QueryOptions(true, false, false);
    }

    public static QueryOptions ignoringMethod() {
        return new QueryOptions(false, true, false);
    }

    public static QueryOptions ignoringVary() {
        return new QueryOptions(false, false, true);
    }
}
