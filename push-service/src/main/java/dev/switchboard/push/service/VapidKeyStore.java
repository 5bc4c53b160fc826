package dev.switchboard.push.service;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.push.config.PushConfig;
import dev.switchboard.push.crypto.KeySeal;
import dev.switchboard.push.crypto.P256;
import dev.switchboard.push.model.VapidKey;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

/**
 * The application server's VAPID keys (RFC 8292), cluster-wide: the first node that needs one generates it and
 * every other node uses the same. Rotation makes a new key current for new subscriptions; the old ones stay,
 * because a browser's subscription is bound to the key it subscribed with. Private keys are sealed
 * ({@link KeySeal}) before they reach the grid, with a key only push-service has; a rotation past
 * {@code switchboard.push.vapid.max-keys} is refused.
 */
@ApplicationScoped
@Startup
public class VapidKeyStore {

    private static final String CURRENT = "current";

    private final IMap<String, VapidKey> keys;
    private final IMap<String, String> current;
    private final KeySeal seal;
    private final int maxKeys;
    /** Keys never change once made, so each node keeps the decoded pairs it has used. */
    private final ConcurrentMap<String, KeyPair> decoded = new ConcurrentHashMap<>();

    public VapidKeyStore(HazelcastInstance hazelcast, PushConfig config) {
        this.keys = hazelcast.getMap(HazelcastNames.PUSH_VAPID_KEYS);
        this.current = hazelcast.getMap(HazelcastNames.PUSH_VAPID_CURRENT);
        this.seal = KeySeal.of(config.vapid().keyEncryptionKey());
        this.maxKeys = config.vapid().maxKeys();
    }

    /** The key new subscriptions use; generated (once, cluster-wide) when there is none yet. */
    public VapidKey current() {
        String id = current.get(CURRENT);
        if (id != null) {
            return find(id).orElseThrow(() -> new IllegalStateException("the current VAPID key " + id + " is missing"));
        }
        VapidKey generated = store(generate());
        String winner = current.putIfAbsent(CURRENT, generated.id());
        if (winner == null) {
            Log.infof("generated the cluster's VAPID key %s", generated.id());
            return generated;
        }
        keys.delete(generated.id()); // another node was first; its key is the cluster's
        return find(winner).orElseThrow();
    }

    /** Makes a new key current and returns it; subscriptions made with older keys keep using theirs. */
    public VapidKey rotate() {
        VapidKey previous = current();
        if (keys.size() >= maxKeys) {
            throw new PushException(
                    ProblemType.TOO_MANY_KEYS,
                    "the cluster holds " + maxKeys
                            + " VAPID keys (switchboard.push.vapid.max-keys); subscriptions are bound to their key, so old keys"
                            + " are kept until their subscriptions are gone");
        }
        VapidKey next = store(generate());
        current.put(CURRENT, next.id());
        Log.infof("rotated the cluster's VAPID key from %s to %s", previous.id(), next.id());
        return next;
    }

    public Optional<VapidKey> find(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** The id of the stored key whose public part is {@code publicKey}, if any. */
    public Optional<String> idOf(byte[] publicKey) {
        VapidKey now = current();
        if (Arrays.equals(now.publicKey(), publicKey)) {
            return Optional.of(now.id());
        }
        return keys.values().stream()
                .filter(key -> Arrays.equals(key.publicKey(), publicKey))
                .map(VapidKey::id)
                .findFirst();
    }

    /** The key pair to sign with for subscriptions made with key {@code id}. */
    public Optional<KeyPair> keyPair(String id) {
        KeyPair known = decoded.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        return find(id).map(key -> decoded.computeIfAbsent(id, ignored -> key.keyPair(seal)));
    }

    private VapidKey store(VapidKey key) {
        keys.set(key.id(), key);
        return key;
    }

    private VapidKey generate() {
        KeyPair pair = P256.generate();
        String id = UUID.randomUUID().toString();
        return new VapidKey(
                id,
                P256.encode((ECPublicKey) pair.getPublic()),
                seal.seal(id, P256.encode((ECPrivateKey) pair.getPrivate())),
                System.currentTimeMillis());
    }
}
