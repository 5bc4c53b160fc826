package dev.switchboard.contract.settings;

import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;

import dev.switchboard.contract.event.EventLimits;
import dev.switchboard.contract.event.RecordSizes;
import io.quarkus.runtime.StartupEvent;

/**
 * Fails the start of any service whose shared settings cannot be right, before it takes anything, naming every key
 * at fault at once: every Kafka producer takes the records the services agree on ({@link EventLimits}), a sync
 * payload fits in a record, and the Cache API's bounds are positive and consistent. Each service checks its own
 * settings beside this (the gateway's {@code StartupValidation}, worker-service's {@code ConfigCheck}...).
 */
@ApplicationScoped
public class SharedSettingsCheck {

    void check(
            @Observes @Priority(0) StartupEvent startup,
            EventLimits events,
            SyncLimits sync,
            CacheSettings cache,
            Config raw) {
        ConfigProblems.throwIfAny(
                "the settings every service shares are inconsistent", problems(events, sync, cache, raw));
    }

    /** Every problem of the shared settings, each naming its keys; empty when the service may start. */
    public static List<String> problems(EventLimits events, SyncLimits sync, CacheSettings cache, Config raw) {
        ConfigProblems problems = new ConfigProblems();
        problems.collect(() -> RecordSizes.requireProducersFit(raw, events));
        // A limit below 1 fits whenever the envelope does, so positive alone names it.
        problems.positive("switchboard.sync.max-payload-bytes", sync.maxPayloadBytes())
                .collect(() -> RecordSizes.requireFits(
                        "switchboard.sync.max-payload-bytes", sync.maxPayloadBytes(), false, events));
        cache(problems, cache);
        return problems.list();
    }

    private static void cache(ConfigProblems all, CacheSettings cache) {
        all.positive("switchboard.cache.quota-bytes", cache.quotaBytes())
                .positive("switchboard.cache.max-body-bytes", cache.maxBodyBytes())
                .positive("switchboard.cache.chunk-bytes", cache.chunkBytes())
                .positive("switchboard.cache.max-entries-per-cache", cache.maxEntriesPerCache())
                .positive("switchboard.cache.max-caches-per-origin", cache.maxCachesPerOrigin())
                .positive("switchboard.cache.max-update-attempts", cache.maxUpdateAttempts())
                .positive("switchboard.cache.max-origins", cache.maxOrigins())
                .notNegative("switchboard.cache.deleted-cache-retention", cache.deletedCacheRetention());
        // A body the quota cannot hold with its URL and headers is refused whatever max-body-bytes says.
        all.require(
                cache.maxBodyBytes() <= cache.quotaBytes(),
                "switchboard.cache.max-body-bytes = "
                        + cache.maxBodyBytes() + " is larger than switchboard.cache.quota-bytes = " + cache.quotaBytes()
                        + ": no origin could store such a body; lower max-body-bytes or raise quota-bytes");
    }
}
