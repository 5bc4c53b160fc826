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
    private final ApiClassLoader api = new ApiClassLoader(ServiceWorker.class.getClassLoader());
    private final Map<String, Supplier<ServiceWorker>> loaded;

    public LoadedVersions(BundleStore store, BuiltinWorkers builtins, int maxLoaded) {
        this.store = store;
        this.builtins = builtins;
        this.loaded = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Supplier<ServiceWorker>> eldest) {
                return size() > maxLoaded;
            }
        };
    }

    /** A fresh worker of version {@code digest}; fails with {@link InvalidBundleException} if it cannot be loaded. */
    public ServiceWorker instance(String digest) {
        Supplier<ServiceWorker> factory;
        synchronized (loaded) {
            factory = loaded.get(digest);
        }
        if (factory == null) {
            factory = load(digest);
            synchronized (loaded) {
                loaded.put(digest, factory);
            }
        }
        return factory.get();
    }

    public int size() {
        synchronized (loaded) {
            return loaded.size();
        }
    }

    private Supplier<ServiceWorker> load(String digest) {
        var builtin = builtins.byDigest(digest);
        if (builtin.isPresent()) {
            return builtin.get().factory();
        }
        byte[] bytes = store.bytes(digest)
                .orElseThrow(() -> new InvalidBundleException("no bundle with digest " + digest + " in the cluster"));
        BundleJar jar = BundleJar.read(bytes, store.limits());
        ClassLoader loader = new BundleClassLoader(digest, jar.entries(), api);
        try {
            Class<?> type = Class.forName(jar.workerClass(), true, loader);
            if (!ServiceWorker.class.isAssignableFrom(type)) {
                throw new InvalidBundleException(
                        jar.workerClass() + " does not implement " + ServiceWorker.class.getName());
            }
            Constructor<?> constructor = type.getConstructor();
            return () -> {
                try {
                    return (ServiceWorker) constructor.newInstance();
                } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
                    throw new InvalidBundleException("could not create " + jar.workerClass() + " of " + digest, e);
                }
            };
        } catch (ClassNotFoundException | LinkageError | NoSuchMethodException e) {
            throw new InvalidBundleException(
                    "could not load " + jar.workerClass() + " of bundle " + digest
                            + " (it may use a class outside the worker API): " + e,
                    e);
        }
    }
}
