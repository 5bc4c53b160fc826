package dev.switchboard.worker.bundle;

import java.util.Optional;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.hazelcast.HazelcastNames;

/**
 * Bundles cluster-wide: digest → jar bytes, and script URL → the digest last published under it. Publishing
 * identical bytes again changes nothing; one changed byte is a new digest, so a new version on the next update.
 */
public final class BundleStore {

    private final IMap<String, byte[]> bundles;
    private final IMap<String, String> scripts;
    private final BuiltinWorkers builtins;
    private final int maxBytes;

    public BundleStore(HazelcastInstance hazelcast, BuiltinWorkers builtins, int maxBytes) {
        this.bundles = hazelcast.getMap(HazelcastNames.BUNDLES);
        this.scripts = hazelcast.getMap(HazelcastNames.SCRIPTS);
        this.builtins = builtins;
        this.maxBytes = maxBytes;
    }

    /** Checks and stores {@code jar} as the current bundle of {@code scriptUrl}; returns its digest. */
    public String publish(String scriptUrl, byte[] jar) {
        if (jar.length > maxBytes) {
            throw new BundleTooLargeException(jar.length, maxBytes);
        }
        if (builtins.byScript(scriptUrl).isPresent() || scriptUrl.startsWith(BuiltinWorkers.SCHEME)) {
            throw new InvalidBundleException("builtin: script URLs name the workers on the classpath; publish under an http(s) URL");
        }
        BundleJar.read(jar);
        String digest = Digests.sha256(jar);
        bundles.putIfAbsent(digest, jar);
        scripts.set(scriptUrl, digest);
        return digest;
    }

    /** The digest of the bundle last published under {@code scriptUrl} (a built-in's own digest for {@code builtin:}). */
    public Optional<String> current(String scriptUrl) {
        Optional<BuiltinWorkers.Builtin> builtin = builtins.byScript(scriptUrl);
        if (builtin.isPresent()) {
            return Optional.of(builtin.get().digest());
        }
        return Optional.ofNullable(scripts.get(scriptUrl));
    }

    public Optional<byte[]> bytes(String digest) {
        return Optional.ofNullable(bundles.get(digest));
    }

    /** The jar is larger than {@code switchboard.worker.bundles.max-bytes}. */
    public static final class BundleTooLargeException extends RuntimeException {

        public BundleTooLargeException(long size, long limit) {
            super("the bundle has " + size + " bytes; at most " + limit + " are accepted");
        }
    }
}
