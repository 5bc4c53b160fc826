package dev.switchboard.push.config;

import java.time.Duration;
import java.util.OptionalInt;

import dev.switchboard.contract.event.Registrations;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** push-service settings; every default is documented in docs/operations.md and docs/push.md. */
@ConfigMapping(prefix = "switchboard.push")
public interface PushConfig {

    /** This node's id, for the {@code source} of the events it produces. */
    @WithDefault("${quarkus.uuid}")
    String nodeId();

    Vapid vapid();

    Subscriptions subscriptions();

    Delivery delivery();

    Topics topics();

    Sync sync();

    /**
     * The registration whose worker a push wakes when the subscription names none (and when a user with a connected
     * client has no subscription at all); the gateway's default registration.
     */
    @WithDefault(Registrations.ECHO)
    String defaultRegistration();

    /**
     * The {@code Retry-After} of a 503 answer ({@code busy}: a concurrent change held the user's lock;
     * {@code not-accepted}: Kafka did not take the message): how long a caller should wait before it tries again.
     * Sent in whole seconds, rounded up.
     */
    @WithDefault("PT1S")
    Duration retryAfter();

    interface Vapid {

        /** The contact (a {@code mailto:} or {@code https:} URI) push services see in every VAPID token. */
        @WithDefault("mailto:push@switchboard.invalid")
        String subject();

        /**
         * How far ahead a VAPID token expires; RFC 8292 allows at most 24 hours. A token is signed once per (VAPID
         * key, push service origin) and reused for every message to that origin until {@link #tokenRenewalMargin()}
         * before it expires.
         */
        @WithDefault("PT12H")
        Duration tokenValidity();

        /**
         * How long before its expiry a token is replaced by a new one: the allowance for a push service's clock
         * running ahead of ours and for a request in transit. Shorter than {@link #tokenValidity()}.
         */
        @WithDefault("PT1H")
        Duration tokenRenewalMargin();

        /** Signed tokens kept for reuse, one per (VAPID key, push service origin); past it the cache starts over. */
        @WithDefault("1024")
        int tokenCacheSize();

        /**
         * The key that seals VAPID private keys before they are stored in Hazelcast: the base64 of 32 random bytes
         * ({@code openssl rand -base64 32}), the same on every push-service node, from a secret. Required; losing it
         * makes the stored keys (and so every subscription) unusable. docs/security.md, "Grid".
         */
        String keyEncryptionKey();

        /** Most VAPID keys the cluster keeps (every rotation adds one); a rotation past it is refused (409). */
        @WithDefault("100")
        int maxKeys();
    }

    interface Subscriptions {

        /** Most subscriptions one user may hold (devices, browsers); also bounds the fan-out of a send to a user. */
        @WithDefault("20")
        int maxPerUser();

        /** Most subscriptions the cluster holds, all users together; a new one past it is refused (409). */
        @WithDefault("1000000")
        int maxTotal();

        /** Longest endpoint URL accepted. */
        @WithDefault("2048")
        int maxEndpointLength();

        /** Accept {@code http:} endpoints (local push services in tests); production endpoints are {@code https:}. */
        @WithDefault("false")
        boolean allowHttpEndpoints();
    }

    interface Delivery {

        /** Largest plaintext payload; 3993 bytes (what one aes128gcm record of 4096 bytes carries) is also the most allowed. */
        @WithDefault("3993")
        int maxPayloadBytes();

        /** TTL used when a send names none. */
        @WithDefault("PT24H")
        Duration defaultTtl();

        /** Longest TTL a send may ask for. */
        @WithDefault("PT672H")
        Duration maxTtl();

        /** Attempts per message (the first one included) before it fails with {@code retries-exhausted}. */
        @WithDefault("5")
        int maxAttempts();

        /** Wait before the second attempt; doubled for each further one, up to {@link #maxBackoff()}. */
        @WithDefault("PT1S")
        Duration initialBackoff();

        /** Longest wait between two attempts. */
        @WithDefault("PT1M")
        Duration maxBackoff();

        /**
         * Longest wait between two attempts, whatever a push service asks: a 429 whose {@code Retry-After} is longer
         * fails the message as {@code rate-limited}; a 5xx's longer {@code Retry-After} is cut to this.
         */
        @WithDefault("PT5M")
        Duration maxRetryAfter();

        /** Time limit of one HTTP request to a push service. */
        @WithDefault("PT10S")
        Duration requestTimeout();

        /** Messages being delivered (or waiting for a retry) at once on this node; past it the Kafka consumer waits. */
        @WithDefault("256")
        int maxInFlight();

        /**
         * Threads encrypting messages (RFC 8291: a key generation and an ECDH per message, the CPU a send costs) in
         * parallel; the messages of {@link #maxInFlight()} wait for one. Default: the number of cores.
         */
        OptionalInt encryptionThreads();
    }

    interface Topics {
        /** Users one named topic may have; also bounds the fan-out of a send to a topic. */
        @WithDefault("1000")
        int maxMembers();

        /** Named topics one user may be in. */
        @WithDefault("100")
        int maxPerUser();

        /** Memberships the cluster holds, all topics together; a join past it is refused (409). */
        @WithDefault("1000000")
        int maxMemberships();

        /** Messages of a send to a topic being written to Kafka at once. */
        @WithDefault("64")
        int sendConcurrency();
    }

    interface Sync {
        /** Attempts per sync (the first included); the last one has {@code lastChance}. */
        @WithDefault("3")
        int maxAttempts();

        /** Wait after the first failed attempt; doubled for each further one, up to {@link #maxBackoff()}. */
        @WithDefault("PT5M")
        Duration initialBackoff();

        /** Longest wait between two attempts. */
        @WithDefault("PT15M")
        Duration maxBackoff();

        /** How long after its registration a sync is still attempted; past it, it goes to the dead-letter topic. */
        @WithDefault("PT1H")
        Duration retention();

        /** How long an attempt waits for the worker's outcome before it counts as failed. */
        @WithDefault("PT2M")
        Duration attemptTimeout();

        /** Syncs registered and not yet settled on this node (waiting, attempting); past it the consumer waits. */
        @WithDefault("1024")
        int maxInFlight();

        /**
         * Syncs one user may have registered and not yet settled, cluster-wide. One more is not attempted: it goes to
         * the dead-letter topic at once, its reason naming this quota.
         */
        @WithDefault("50")
        int maxPerUser();
    }
}
