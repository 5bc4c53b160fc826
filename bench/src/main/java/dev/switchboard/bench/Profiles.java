package dev.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.jboss.logging.Logger;

import dev.switchboard.local.ServiceProcess;

/** JFR recordings of service processes, started with the JDK's own {@code jcmd}. */
final class Profiles {

    private static final Logger LOG = Logger.getLogger(Profiles.class);

    private Profiles() {}

    static void start(String folder, Duration duration, ServiceProcess... services)
            throws IOException, InterruptedException {
        Path dir = Path.of(folder).toAbsolutePath();
        Files.createDirectories(dir);
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        for (ServiceProcess service : services) {
            Path file = dir.resolve(service.name() + ".jfr");
            Process process = new ProcessBuilder(
                            jcmd.toString(),
                            Long.toString(service.pid()),
                            "JFR.start",
                            "settings=profile",
                            "duration=" + duration.toSeconds() + "s",
                            "filename=" + file)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            LOG.infof("JFR of %s: %s", service.name(), output.trim());
        }
    }
}
