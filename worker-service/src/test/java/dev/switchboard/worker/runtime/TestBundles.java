package dev.switchboard.worker.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import dev.switchboard.testsupport.ServiceJars;
import dev.switchboard.worker.api.ServiceWorker;
import dev.switchboard.worker.bundles.ProbeWorker;

/**
 * Builds bundles at test time from the compiled {@link ProbeWorker}: a jar with its class, the service file
 * naming it, and a {@code probe.properties} that sets its behaviour. Two bundles whose properties differ in one
 * byte are two versions. Entries get a fixed time, so equal settings give byte-identical jars.
 */
public final class TestBundles {

    private TestBundles() {}

    /** {@code settings} as {@code key=value} pairs, e.g. {@code "name", "v1", "install", "hold"}. */
    public static byte[] probe(String... settings) {
        return probe(Map.of(), settings);
    }

    /** The same with more entries in the jar ({@code path → bytes}), as a script's imported scripts. */
    public static byte[] probe(Map<String, byte[]> entries, String... settings) {
        Map<String, String> properties = new TreeMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            properties.put(settings[i], settings[i + 1]);
        }
        StringBuilder text = new StringBuilder();
        properties.forEach(
                (key, value) -> text.append(key).append('=').append(value).append('\n'));
        Map<String, byte[]> resources = new TreeMap<>(entries);
        resources.put("probe.properties", text.toString().getBytes(StandardCharsets.UTF_8));
        return ServiceJars.of(ServiceWorker.class, ProbeWorker.class, resources);
    }
}
