package dev.switchboard.worker.bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

/**
 * Loads one version's classes from its jar bytes held in memory. Its parent is an {@link ApiClassLoader}, so a
 * bundle sees the worker API, the Cache API, Jackson and the JDK, and nothing of the service around it; two
 * versions never share a class of their own.
 */
final class BundleClassLoader extends ClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final Map<String, byte[]> entries;
    private final String digest;

    BundleClassLoader(String digest, Map<String, byte[]> entries, ClassLoader parent) {
        super("bundle-" + digest.substring(0, 12), parent);
        this.digest = digest;
        this.entries = entries;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = entries.get(name.replace('.', '/') + ".class");
        if (bytes == null) {
            throw new ClassNotFoundException(name + " is not in bundle " + digest);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    @Override
    protected URL findResource(String name) {
        byte[] bytes = entries.get(name);
        if (bytes == null) {
            return null;
        }
        try {
            return new URL(null, "bundle:" + digest + "/" + name, new URLStreamHandler() {
                @Override
                protected URLConnection openConnection(URL url) {
                    return new URLConnection(url) {
                        @Override
                        public void connect() {}

                        @Override
                        public InputStream getInputStream() throws IOException {
                            return new ByteArrayInputStream(bytes);
                        }
                    };
                }
            });
        } catch (MalformedURLException e) {
            throw new IllegalStateException("a bundle resource URL could not be built", e);
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(java.util.List.of(url));
    }
}
