package dev.switchboard.worker.scope;

import com.hazelcast.map.IMap;

import dev.switchboard.cache.api.CacheStorages;
import dev.switchboard.cache.api.Upstream;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.worker.lifecycle.Lifecycle;

/**
 * What a handler's {@code self} reaches, the same for every event of a node: the caches, the client registry,
 * the lifecycle (for {@code skipWaiting} and {@code claim}), the publishers of notifications, syncs and channel
 * publications, and the upstream client behind {@code self.fetch}.
 */
public record ScopeServices(
        CacheStorages caches,
        IMap<String, ClientRecord> clients,
        Lifecycle lifecycle,
        NotificationPublisher notifications,
        SyncRegistrar syncs,
        ChannelPublisher channels,
        MessagePortRegistry ports,
        Upstream upstream) {}
