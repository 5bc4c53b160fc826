package dev.switchboard.worker.bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

import dev.switchboard.worker.api.ServiceWorker;

/** A bundle's entries, read from its jar bytes, and the {@code ServiceWorker} class it names. */
public record BundleJar(Map<String, byte[]> entries, String workerClass) {

    public static final String SERVICE_FILE = "META-INF/services/" + ServiceWorker.class.getName();

    /** Reads {@code bytes} as a jar; rejects what is not one or names no worker class. */
    public static BundleJar read(byte[] bytes) {
        Map<String, byte[]> entries = new HashMap<>();
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(bytes))) {
            JarEntry entry;
            while ((entry = jar.getNextJarEntry()) != null) {
                if (!entry.isDirectory()) {
                    entries.put(entry.getName(), jar.readAllBytes());
                }
            }
        } catch (IOException | SecurityException e) {
            throw new InvalidBundleException("the bundle is not a readable jar: " + e.getMessage(), e);
        }
        byte[] services = entries.get(SERVICE_FILE);
        if (services == null) {
            throw new InvalidBundleException("the bundle has no " + SERVICE_FILE + " naming its worker class");
        }
        String workerClass = new String(services, StandardCharsets.UTF_8).lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).findFirst()
                .orElseThrow(() -> new InvalidBundleException(SERVICE_FILE + " names no class"));
        if (!entries.containsKey(workerClass.replace('.', '/') + ".class")) {
            throw new InvalidBundleException("the bundle names " + workerClass + " but does not contain it");
        }
        return new BundleJar(Map.copyOf(entries), workerClass);
    }
}
