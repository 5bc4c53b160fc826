package dev.switchboard.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Builds a jar at test time from a compiled class: the class file, a {@code META-INF/services} file naming it as
 * an implementation of {@code service} (how a service-worker bundle names its worker), and any extra entries.
 * Entries get a fixed time, so the same inputs give byte-identical jars (the same version id on every run).
 */
public final class ServiceJars {

    private ServiceJars() {}

    public static byte[] of(Class<?> service, Class<?> implementation, Map<String, byte[]> extraEntries) {
        String classFile = implementation.getName().replace('.', '/') + ".class";
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(classFile, classBytes(implementation, classFile));
        entries.put(
                "META-INF/services/" + service.getName(),
                (implementation.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        entries.putAll(extraEntries);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                JarEntry jarEntry = new JarEntry(entry.getKey());
                jarEntry.setTime(0);
                jar.putNextEntry(jarEntry);
                jar.write(entry.getValue());
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not build a jar of " + implementation.getName(), e);
        }
        return bytes.toByteArray();
    }

    private static byte[] classBytes(Class<?> type, String classFile) {
        try (InputStream compiled = type.getClassLoader().getResourceAsStream(classFile)) {
            if (compiled == null) {
                throw new IllegalStateException("no class file " + classFile + " on the class path");
            }
            return compiled.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + classFile, e);
        }
    }
}
