package dev.switchboard.worker.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import dev.switchboard.worker.api.ServiceWorker;

/**
 * Real zip bombs, built at test time: jars of a few kilobytes whose entries inflate to many megabytes (zeros
 * deflate about a thousand to one), each naming a worker class so that nothing but their size is wrong.
 */
public final class ZipBombs {

    private ZipBombs() {}

    /** One entry of {@code inflatedBytes} zeros. */
    public static byte[] oneHugeEntry(long inflatedBytes) {
        return jar(1, inflatedBytes);
    }

    /** {@code entries} entries of {@code bytesEach} zeros each. */
    public static byte[] manyEntries(int entries, long bytesEach) {
        return jar(entries, bytesEach);
    }

    private static byte[] jar(int entries, long bytesEach) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry("META-INF/services/" + ServiceWorker.class.getName()));
            jar.write("bomb.Worker\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            byte[] zeros = new byte[64 * 1024];
            for (int i = 0; i < entries; i++) {
                jar.putNextEntry(new JarEntry("bomb/zeros-" + i + ".bin"));
                for (long written = 0; written < bytesEach; written += zeros.length) {
                    jar.write(zeros, 0, (int) Math.min(zeros.length, bytesEach - written));
                }
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
