package dev.switchboard.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.switchboard.contract.process.ExitWithParent;

/**
 * One service running as a child JVM from its packaged jar, configured by system properties, its output in a
 * log file. Used by the launcher and by the integration tests, which run the services exactly as users do.
 */
public final class ServiceProcess {

    private static final Logger LOG = Logger.getLogger(ServiceProcess.class);

    /** Hazelcast's documented flags for JDK 17+; every service runs a Hazelcast member or client. */
    static final List<String> HAZELCAST_JVM_FLAGS = List.of(
            "--add-modules",
            "java.se",
            "--add-exports",
            "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "--add-opens",
            "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens",
            "java.management/sun.management=ALL-UNNAMED",
            "--add-opens",
            "jdk.management/com.sun.management.internal=ALL-UNNAMED");

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    static final String LOOPBACK = "127.0.0.1";

    private final String name;
    private final String host;
    private final int httpPort;
    private final Path log;
    private final List<String> command;
    private Process process;

    private ServiceProcess(String name, String host, int httpPort, Path log, List<String> command) {
        this.name = name;
        this.host = host;
        this.httpPort = httpPort;
        this.log = log;
        this.command = command;
    }

    /** Prepares (does not start) {@code service} from {@code home} with {@code properties} on {@code httpPort}. */
    public static ServiceProcess of(
            SuiteService service,
            String name,
            Path home,
            Path logDir,
            int httpPort,
            String maxHeap,
            Map<String, String> properties) {
        Path jar = service.jar(home);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the suite first (./mvnw package -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeap);
        command.addAll(HAZELCAST_JVM_FLAGS);
        Map<String, String> all = new TreeMap<>(properties);
        all.put("quarkus.http.port", String.valueOf(httpPort));
        // Quarkus listens on every interface by default; a service run here listens on loopback unless told.
        all.putIfAbsent("quarkus.http.host", LOOPBACK);
        all.put("hazelcast.phone.home.enabled", "false");
        // Its standard input stays a pipe from this process: when this process dies, however, the service stops.
        all.put(ExitWithParent.PROPERTY, "true");
        all.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        String listening = all.get("quarkus.http.host");
        String host = listening.equals("0.0.0.0") || listening.equals("::") ? LOOPBACK : listening;
        return new ServiceProcess(name, host, httpPort, logDir.resolve(name + ".log"), command);
    }

    public synchronized ServiceProcess start() {
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        LOG.debugf("started %s (pid %d), log in %s", name, process.pid(), log);
        return this;
    }

    /** Polls {@code /q/health/ready} until it answers 200; fails early if the process exits. */
    public void awaitReady(Duration timeout) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://" + host + ":" + httpPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; see " + log);
    }

    /**
     * Asks the service to stop (SIGTERM: Quarkus shuts down gracefully) and kills it if it does not within the
     * grace period; true when it stopped by itself (or was not running).
     */
    public synchronized boolean stop() {
        if (process == null || !process.isAlive()) {
            return true;
        }
        process.destroy();
        try {
            if (process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            LOG.warnf("%s did not stop within %s, killing it", name, STOP_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        return false;
    }

    /** SIGKILL, as a crash would: no shutdown hooks run. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends the service's standard input, as this process's death would: the service then stops by itself
     * ({@code ExitWithParent}). For the test that shows a service does not outlive whoever started it.
     */
    synchronized void orphan() throws IOException {
        process.getOutputStream().close();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path log() {
        return log;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
