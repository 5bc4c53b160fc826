package dev.switchboard.local;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The four services of the suite: module folder, the HTTP port each uses by default, and when it stops. Stopping
 * goes from the edge inwards: gateways drain first (their clients reconnect elsewhere while the rest still serves),
 * then workers and push-service finish what they hold, then the Hazelcast members, and the broker last. The Helm
 * chart orders a release's termination the same way (docs/operations.md, "Shutdown order").
 */
public enum SuiteService {
    CACHE("cache-service", 8082, 2),
    GATEWAY("gateway", 8080, 0),
    WORKER("worker-service", 8081, 1),
    PUSH("push-service", 8083, 1);

    private final String module;
    private final int defaultPort;
    private final int stopStage;

    SuiteService(String module, int defaultPort, int stopStage) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.stopStage = stopStage;
    }

    /** The services in the order they stop: each set stops together, after the one before it has stopped. */
    public static List<Set<SuiteService>> stopOrder() {
        return List.copyOf(Arrays.stream(values())
                .collect(Collectors.groupingBy(
                        service -> service.stopStage, TreeMap::new, Collectors.toUnmodifiableSet()))
                .values());
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** Where {@code ./mvnw package} leaves the service's runnable jar. */
    public Path jar(Path home) {
        return home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
