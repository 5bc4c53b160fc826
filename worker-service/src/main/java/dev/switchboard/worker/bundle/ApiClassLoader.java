package dev.switchboard.worker.bundle;

import java.util.List;

/**
 * The parent of every bundle's class loader: the JDK (platform loader) plus, from the service's own loader,
 * only the packages a bundle is compiled against. Quarkus, Hazelcast and worker-service internals stay hidden,
 * so a bundle cannot reach into the runtime and its own copy of a library cannot clash with ours.
 */
final class ApiClassLoader extends ClassLoader {

    // worker-api's strategies are part of what a bundle is compiled against (DeclaredRoutes, Precache, Router).
    static final List<String> EXPOSED = List.of(
            "dev.switchboard.worker.api.",
            "dev.switchboard.worker.strategies.",
            "dev.switchboard.cache.api.",
            "com.fasterxml.jackson.");

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final ClassLoader service;

    ApiClassLoader(ClassLoader service) {
        super("switchboard-worker-api", ClassLoader.getPlatformClassLoader());
        this.service = service;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (exposed(name)) {
            return service.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    static boolean exposed(String name) {
        return EXPOSED.stream().anyMatch(name::startsWith) && !name.startsWith("dev.switchboard.cache.api.hazelcast.");
    }
}
