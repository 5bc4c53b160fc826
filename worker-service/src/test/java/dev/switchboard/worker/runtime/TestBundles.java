package dev.switchboard.worker.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import dev.switchboard.worker.api.ServiceWorker;
import dev.switchboard.worker.bundles.ProbeWorker;

/**
 * Builds bundles at test time from the compiled {@link ProbeWorker}: a jar with its class, the service file
 * naming it, and a {@code probe.properties} that sets its behaviour. Two bundles whose properties differ in one
 * byte are two versions. Entries get a fixed time, so equal settings give byte-identical jars.
 */
public final class TestBundles {

    private TestBundles() {
    }

    /** {@code settings} as {@code key=value} pairs, e.g. {@code "name", "v1", "install", "hold"}. */
    public static byte[] probe(String... settings) {
        Map<String, String> properties = new TreeMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            properties.put(settings[i], settings[i + 1]);
        }
        StringBuilder text = new StringBuilder();
        properties.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            String classFile = ProbeWorker.class.getName().replace('.', '/') + ".class";
            add(jar, classFile, classBytes(classFile));
            add(jar, "META-INF/services/" + ServiceWorker.class.getName(),
                    (ProbeWorker.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            add(jar, "probe.properties", text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("could not build a test bundle", e);
        }
        return bytes.toByteArray();
    }

    private static void add(JarOutputStream jar, String name, byte[] content) throws IOException {
        JarEntry entry = new JarEntry(name);
        entry.setTime(0);
        jar.putNextEntry(entry);
        jar.write(content);
        jar.closeEntry();
    }

    private static byte[] classBytes(String classFile) throws IOException {
        try (InputStream in = ProbeWorker.class.getClassLoader().getResourceAsStream(classFile)) {
            return in.readAllBytes();
        }
    }
}
