package dev.switchboard.push.model;

import java.security.KeyPair;

import dev.switchboard.push.crypto.KeySeal;
import dev.switchboard.push.crypto.P256;

/**
 * One VAPID key pair of the application server, stored cluster-wide (Hazelcast compact serialisation), its private
 * part sealed with push-service's key-encryption key.
 *
 * @param id a random id; subscriptions remember the key they were made with
 * @param publicKey the 65-byte uncompressed P-256 point: the {@code applicationServerKey} browsers subscribe with
 * @param sealedPrivateKey the 32-byte private scalar, sealed by {@link KeySeal} (never stored in the clear)
 * @param createdAtEpochMillis when it was generated
 */
public record VapidKey(String id, byte[] publicKey, byte[] sealedPrivateKey, long createdAtEpochMillis) {

    public KeyPair keyPair(KeySeal seal) {
        return P256.keyPair(publicKey, seal.open(id, sealedPrivateKey));
    }
}
