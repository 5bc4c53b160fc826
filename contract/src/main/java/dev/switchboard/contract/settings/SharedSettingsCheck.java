package dev.switchboard.contract.settings;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;

import dev.switchboard.contract.event.EventLimits;
import dev.switchboard.contract.event.RecordSizes;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Fails the start of any service whose shared settings cannot be right, before it takes anything, naming every key
 * at fault at once: every Kafka producer takes the records the services agree on ({@link EventLimits}), a sync
 * payload fits in a record, and the Cache API's bounds are positive and consistent. Each service checks its own
 * settings beside this (the gateway's {@code StartupValidation}, worker-service's {@code ConfigCheck}...).
 */
@ApplicationScoped
public class SharedSettingsCheck {

    void check(@Observes @Priority(0) StartupEvent startup, EventLimits events, SyncLimits sync, CacheSettings cache,
            Config raw) {
        List<String> problems = problems(events, sync, cache, raw);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("the settings every service shares are inconsistent:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    /** Every problem of the shared settings, each naming its keys; empty when the service may start. */
    public static List<String> problems(EventLimits events, SyncLimits sync, CacheSettings cache, Config raw) {
        List<String> problems = new ArrayList<>();
        collect(problems, () -> RecordSizes.requireProducersFit(raw, events));
        if (sync.maxPayloadBytes() < 1) {
            problems.add("switchboard.sync.max-payload-bytes must be at least 1, not " + sync.maxPayloadBytes());
        } else {
            collect(problems, () -> RecordSizes.requireFits("switchboard.sync.max-payload-bytes", sync.maxPayloadBytes(),
                    false, events));
        }
        cache(problems, cache);
        return problems;
    }

    private static void cache(List<String> problems, CacheSettings cache) {
        positive(problems, "quota-bytes", cache.quotaBytes());
        positive(problems, "max-body-bytes", cache.maxBodyBytes());
        positive(problems, "chunk-bytes", cache.chunkBytes());
        positive(problems, "max-entries-per-cache", cache.maxEntriesPerCache());
        positive(problems, "max-caches-per-origin", cache.maxCachesPerOrigin());
        positive(problems, "max-update-attempts", cache.maxUpdateAttempts());
        positive(problems, "max-origins", cache.maxOrigins());
        if (cache.deletedCacheRetention().isNegative()) {
            problems.add("switchboard.cache.deleted-cache-retention must not be negative, not "
                    + cache.deletedCacheRetention());
        }
        // A body the quota cannot hold with its URL and headers is refused whatever max-body-bytes says.
        if (cache.maxBodyBytes() > cache.quotaBytes()) {
            problems.add("switchboard.cache.max-body-bytes = " + cache.maxBodyBytes()
                    + " is larger than switchboard.cache.quota-bytes = " + cache.quotaBytes()
                    + ": no origin could store such a body; lower max-body-bytes or raise quota-bytes");
        }
    }

    private static void positive(List<String> problems, String key, long value) {
        if (value < 1) {
            problems.add("switchboard.cache." + key + " must be at least 1, not " + value);
        }
    }

    /** Runs {@code check}, adding the message of the {@link IllegalStateException} it throws to {@code problems}. */
    public static void collect(List<String> problems, Runnable check) {
        try {
            check.run();
        } catch (IllegalStateException e) {
            problems.add(e.getMessage());
        }
    }
}
