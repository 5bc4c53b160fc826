package dev.switchboard.local;

import java.nio.file.Path;

/** The four services of the suite: module folder, and the HTTP port each uses by default. */
public enum SuiteService {
    CACHE("cache-service", 8082),
    GATEWAY("gateway", 8080),
    WORKER("worker-service", 8081),
    PUSH("push-service", 8083);

    private final String module;
    private final int defaultPort;

    SuiteService(String module, int defaultPort) {
        this.module = module;
        this.defaultPort = defaultPort;
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
