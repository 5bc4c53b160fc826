package dev.switchboard.cache.api.hazelcast;

import java.util.Arrays;

/**
 * One origin's cache names (stored {@link CacheNames#encode encoded}, so that names that are not valid UTF-16 survive) and their cache ids, both in creation order (value of {@code switchboard.cache.storages},
 * keyed by origin). A name maps to an id so that deleting a name is one write and open handles keep the id.
 */
public record StorageRecord(String[] names, String[] cacheIds) {

    static final StorageRecord EMPTY = new StorageRecord(new String[0], new String[0]);

    int indexOf(String name) {
        return Arrays.asList(names).indexOf(CacheNames.encode(name));
    }

    /** The names as they were given, in creation order. */
    java.util.List<String> decodedNames() {
        return Arrays.stream(names).map(CacheNames::decode).toList();
    }

    String cacheId(String name) {
        int at = indexOf(name);
        return at < 0 ? null : cacheIds[at];
    }

    StorageRecord with(String name, String cacheId) {
        String[] newNames = Arrays.copyOf(names, names.length + 1);
        String[] newIds = Arrays.copyOf(cacheIds, cacheIds.length + 1);
        newNames[names.length] = CacheNames.encode(name);
        newIds[cacheIds.length] = cacheId;
        return new StorageRecord(newNames, newIds);
    }

    StorageRecord without(String name) {
        int at = indexOf(name);
        String[] newNames = new String[names.length - 1];
        String[] newIds = new String[cacheIds.length - 1];
        for (int i = 0, j = 0; i < names.length; i++) {
            if (i != at) {
                newNames[j] = names[i];
                newIds[j++] = cacheIds[i];
            }
        }
        return new StorageRecord(newNames, newIds);
    }
}
