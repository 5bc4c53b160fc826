package dev.switchboard.worker.bundle;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.switchboard.worker.api.ServiceWorker;

/**
 * The versions this node has loaded, each in its own {@link BundleClassLoader}, at most {@code maxLoaded} of
 * them (least recently used first out; a dropped one is loaded again from the cluster when next needed). Each
 * event gets a new instance of the worker class, so a handler cannot keep state between events.
 */
public final class LoadedVersions {

    private final BundleStore store;
    private final BuiltinWorkers builtins;
    private final ApiClassLoader apiLoader = new ApiClassLoader(ServiceWorker.class.getClassLoader());
    private final Map<String, Supplier<?>> loaded;

    public LoadedVersions(BundleStore store, BuiltinWorkers builtins, int maxLoaded) {
        this.store = store;
        this.builtins = builtins;
        this.loaded = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Supplier<?>> eldest) {
                return size() > maxLoaded;
            }
        };
    }

    /** A fresh worker of version {@code digest}; fails with {@link InvalidBundleException} if it cannot be loaded. */
    public ServiceWorker instance(String digest) {
        return instance(digest, ServiceWorker.class);
    }

    /**
     * A fresh instance of the {@code api} class (a {@code ServiceWorker}, {@code DedicatedWorker} or
     * {@code SharedWorker}) bundle {@code digest} names; fails with {@link InvalidBundleException} if it names none
     * or it cannot be loaded.
     */
    public <T> T instance(String digest, Class<T> api) {
        String key = api.getName() + "@" + digest;
        Supplier<?> factory;
        synchronized (loaded) {
            factory = loaded.get(key);
        }
        if (factory == null) {
            factory = load(digest, api);
            synchronized (loaded) {
                loaded.put(key, factory);
            }
        }
        return api.cast(factory.get());
    }

    public int size() {
        synchronized (loaded) {
            return loaded.size();
        }
    }

    private Supplier<?> load(String digest, Class<?> api) {
        var builtin = builtins.byDigest(digest);
        if (builtin.isPresent() && api == ServiceWorker.class) {
            return builtin.get().factory();
        }
        byte[] bytes = store.bytes(digest)
                .orElseThrow(() -> new InvalidBundleException("no bundle with digest " + digest + " in the cluster"));
        BundleJar jar = BundleJar.read(bytes, store.limits());
        String className = jar.entryClass(api)
                .orElseThrow(() -> new InvalidBundleException("bundle " + digest + " names no " + api.getSimpleName()
                        + " (META-INF/services/" + api.getName() + ")"));
        ClassLoader loader = new BundleClassLoader(digest, jar.entries(), apiLoader);
        try {
            Class<?> type = Class.forName(className, true, loader);
            if (!api.isAssignableFrom(type)) {
                throw new InvalidBundleException(className + " does not implement " + api.getName());
            }
            Constructor<?> constructor = type.getConstructor();
            return () -> {
                try {
                    return constructor.newInstance();
                } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
                    throw new InvalidBundleException("could not create " + className + " of " + digest, e);
                }
            };
        } catch (ClassNotFoundException | LinkageError | NoSuchMethodException e) {
            throw new InvalidBundleException(
                    "could not load " + className + " of bundle " + digest
                            + " (it may use a class outside the worker API): " + e,
                    e);
        }
    }
}
