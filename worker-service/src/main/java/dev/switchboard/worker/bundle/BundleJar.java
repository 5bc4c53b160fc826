package dev.switchboard.worker.bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

import dev.switchboard.worker.api.ServiceWorker;

/** A bundle's entries, read from its jar bytes, and the {@code ServiceWorker} class it names. */
public record BundleJar(Map<String, byte[]> entries, String workerClass) {

    public static final String SERVICE_FILE = "META-INF/services/" + ServiceWorker.class.getName();

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
        byte[] services = entries.get(SERVICE_FILE);
        if (services == null) {
            throw new InvalidBundleException("the bundle has no " + SERVICE_FILE + " naming its worker class");
        }
        String workerClass = new String(services, StandardCharsets.UTF_8)
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .findFirst()
                .orElseThrow(() -> new InvalidBundleException(SERVICE_FILE + " names no class"));
        if (!entries.containsKey(workerClass.replace('.', '/') + ".class")) {
            throw new InvalidBundleException("the bundle names " + workerClass + " but does not contain it");
        }
        return new BundleJar(Map.copyOf(entries), workerClass);
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
