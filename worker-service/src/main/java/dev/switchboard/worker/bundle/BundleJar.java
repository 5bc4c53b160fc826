package dev.switchboard.worker.bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

import dev.switchboard.worker.api.DedicatedWorker;
import dev.switchboard.worker.api.ServiceWorker;
import dev.switchboard.worker.api.SharedWorker;

/**
 * A bundle's entries, read from its jar bytes, and the worker classes it names: a {@code ServiceWorker}, a
 * {@code DedicatedWorker} and a {@code SharedWorker} (by API type name), at least one of them.
 */
public record BundleJar(Map<String, byte[]> entries, Map<String, String> entryClasses) {

    public static final String SERVICE_FILE = "META-INF/services/" + ServiceWorker.class.getName();

    /** The kinds of worker a bundle may implement, each named in {@code META-INF/services/<type>}. */
    public static final List<Class<?>> ENTRY_TYPES =
            List.of(ServiceWorker.class, DedicatedWorker.class, SharedWorker.class);

    /** The {@code ServiceWorker} class the bundle names, or null when it implements only other kinds. */
    public String workerClass() {
        return entryClasses.get(ServiceWorker.class.getName());
    }

    /** The class implementing {@code api} the bundle names. */
    public Optional<String> entryClass(Class<?> api) {
        return Optional.ofNullable(entryClasses.get(api.getName()));
    }

    /** The class {@code META-INF/services/<api>} names; null without that file; fails when it names a missing class. */
    private static String named(Map<String, byte[]> entries, Class<?> api) {
        byte[] services = entries.get("META-INF/services/" + api.getName());
        if (services == null) {
            return null;
        }
        String file = "META-INF/services/" + api.getName();
        String workerClass = new String(services, StandardCharsets.UTF_8)
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .findFirst()
                .orElseThrow(() -> new InvalidBundleException(file + " names no class"));
        if (!entries.containsKey(workerClass.replace('.', '/') + ".class")) {
            throw new InvalidBundleException("the bundle names " + workerClass + " but does not contain it");
        }
        return workerClass;
    }

    /**
     * Reads {@code bytes} as a jar within {@code limits}; rejects what is not one or names no worker class, and a jar
     * with too many entries or inflating past a limit (a zip bomb) with {@link BundleTooLargeException}, reading no
     * more than the limit allows.
     */
    public static BundleJar read(byte[] bytes, BundleLimits limits) {
        if (bytes.length > limits.maxBytes()) {
            throw new BundleTooLargeException("the bundle has " + bytes.length + " bytes; at most " + limits.maxBytes()
                    + " are accepted (switchboard.worker.bundles.max-bytes)");
        }
        Map<String, byte[]> entries = new HashMap<>();
        long inflated = 0;
        int count = 0;
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(bytes))) {
            JarEntry entry;
            while ((entry = jar.getNextJarEntry()) != null) {
                if (++count > limits.maxEntries()) {
                    throw new BundleTooLargeException("the bundle has more than " + limits.maxEntries()
                            + " entries (switchboard.worker.bundles.max-entries)");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] content = bounded(
                        jar,
                        entry.getName(),
                        Math.min(limits.maxEntryBytes(), limits.maxInflatedBytes() - inflated),
                        limits);
                inflated += content.length;
                entries.put(entry.getName(), content);
            }
        } catch (IOException | SecurityException e) {
            throw new InvalidBundleException("the bundle is not a readable jar: " + e.getMessage(), e);
        }
        Map<String, String> classes = new HashMap<>();
        for (Class<?> api : ENTRY_TYPES) {
            String named = named(entries, api);
            if (named != null) {
                classes.put(api.getName(), named);
            }
        }
        if (classes.isEmpty()) {
            throw new InvalidBundleException("the bundle has no " + SERVICE_FILE
                    + " (nor a services file of DedicatedWorker or SharedWorker) naming its worker class");
        }
        return new BundleJar(Map.copyOf(entries), Map.copyOf(classes));
    }

    /** The entry's bytes, reading at most one byte past {@code allowed} to tell a larger one apart. */
    private static byte[] bounded(InputStream entry, String name, long allowed, BundleLimits limits)
            throws IOException {
        byte[] content = entry.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, allowed + 1));
        if (content.length > allowed) {
            throw new BundleTooLargeException(
                    content.length > limits.maxEntryBytes()
                            ? "entry " + name + " inflates past " + limits.maxEntryBytes()
                                    + " bytes (switchboard.worker.bundles.max-entry-bytes)"
                            : "the bundle inflates past " + limits.maxInflatedBytes()
                                    + " bytes (switchboard.worker.bundles.max-inflated-bytes)");
        }
        return content;
    }
}
