package dev.switchboard.worker.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.switchboard.worker.api.ServiceWorker;

/**
 * Workers that ship on the classpath. Each is named by a script URL {@code builtin:<name>} and its version id
 * is the digest of that URL and its class file, so a build that changes the class is a new version, like a
 * published bundle whose bytes changed.
 */
public final class BuiltinWorkers {

    public static final String SCHEME = "builtin:";

    public record Builtin(String name, String scriptUrl, String digest, Supplier<ServiceWorker> factory) {}

    private final Map<String, Builtin> byName = new LinkedHashMap<>();
    private final Map<String, Builtin> byDigest = new LinkedHashMap<>();

    public BuiltinWorkers add(String name, Class<? extends ServiceWorker> type, Supplier<ServiceWorker> factory) {
        String scriptUrl = SCHEME + name;
        Builtin builtin = new Builtin(
                name, scriptUrl, Digests.sha256(scriptUrl.getBytes(StandardCharsets.UTF_8), classBytes(type)), factory);
        byName.put(name, builtin);
        byDigest.put(builtin.digest(), builtin);
        return this;
    }

    public Iterable<Builtin> all() {
        return byName.values();
    }

    public Optional<Builtin> byScript(String scriptUrl) {
        return scriptUrl.startsWith(SCHEME)
                ? Optional.ofNullable(byName.get(scriptUrl.substring(SCHEME.length())))
                : Optional.empty();
    }

    public Optional<Builtin> byDigest(String digest) {
        return Optional.ofNullable(byDigest.get(digest));
    }

    private static byte[] classBytes(Class<?> type) {
        String resource = type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the class file of " + type.getName() + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("the class file of " + type.getName() + " could not be read", e);
        }
    }
}
