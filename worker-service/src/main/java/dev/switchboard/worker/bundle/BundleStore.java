package dev.switchboard.worker.bundle;

import java.util.Optional;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.problem.ProblemException;
import dev.switchboard.contract.problem.ProblemType;

/**
 * Bundles cluster-wide: digest → jar bytes, and script URL → the digest last published under it. Publishing
 * identical bytes again changes nothing; one changed byte is a new digest, so a new version on the next update.
 * Both maps hold at most {@code max-stored} entries: past it a publish is refused (507) rather than the grid
 * growing with every upload; {@link BundleCollector} frees the bundles nothing references.
 */
public final class BundleStore {

    private final IMap<String, byte[]> bundles;
    private final IMap<String, String> scripts;
    private final BuiltinWorkers builtins;
    private final BundleLimits limits;

    public BundleStore(HazelcastInstance hazelcast, BuiltinWorkers builtins, BundleLimits limits) {
        this.bundles = hazelcast.getMap(HazelcastNames.BUNDLES);
        this.scripts = hazelcast.getMap(HazelcastNames.SCRIPTS);
        this.builtins = builtins;
        this.limits = limits;
    }

    public BundleLimits limits() {
        return limits;
    }

    /** Checks and stores {@code jar} as the current bundle of {@code scriptUrl}; returns its digest. */
    public String publish(String scriptUrl, byte[] jar) {
        if (builtins.byScript(scriptUrl).isPresent() || scriptUrl.startsWith(BuiltinWorkers.SCHEME)) {
            throw new InvalidBundleException(
                    "builtin: script URLs name the workers on the classpath; publish under an http(s) URL");
        }
        BundleJar.read(jar, limits);
        String digest = Digests.sha256(jar);
        if ((!bundles.containsKey(digest) && bundles.size() >= limits.maxStored())
                || (!scripts.containsKey(scriptUrl) && scripts.size() >= limits.maxStored())) {
            throw new StoreFullException(limits.maxStored());
        }
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

    /** The cluster holds {@code switchboard.worker.bundles.max-stored} bundles or script URLs already. */
    public static final class StoreFullException extends ProblemException {

        public StoreFullException(int limit) {
            super(
                    ProblemType.TOO_MANY_BUNDLES,
                    "the cluster holds " + limit + " bundles or script URLs (switchboard.worker.bundles.max-stored); "
                            + "unreferenced bundles are collected after switchboard.worker.bundles.gc-grace");
        }
    }
}
