package dev.switchboard.push.model;

import java.security.KeyPair;

import dev.switchboard.push.crypto.P256;

/**
 * One VAPID key pair of the application server, stored cluster-wide (Hazelcast compact serialisation).
 *
 * @param id a random id; subscriptions remember the key they were made with
 * @param publicKey the 65-byte uncompressed P-256 point: the {@code applicationServerKey} browsers subscribe with
 * @param privateKey the 32-byte private scalar
 * @param createdAtEpochMillis when it was generated
 */
public record VapidKey(String id, byte[] publicKey, byte[] privateKey, long createdAtEpochMillis) {

    public KeyPair keyPair() {
        return P256.keyPair(publicKey, privateKey);
    }
}
