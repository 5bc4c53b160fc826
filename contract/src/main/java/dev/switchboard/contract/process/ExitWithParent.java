package dev.switchboard.contract.process;

import java.io.IOException;
import java.io.InputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * A service that the local launcher or a test started (deploy/local's {@code ServiceProcess}) stops when the
 * process that started it is gone, even one killed without a chance to stop it: with
 * {@code switchboard.exit-with-parent=true} it reads its standard input, a pipe from that process, whose end
 * means the process died. Off by default: in a container standard input is usually closed from the start.
 */
@ApplicationScoped
public class ExitWithParent {

    /** The system property that turns it on. */
    public static final String PROPERTY = "switchboard.exit-with-parent";

    private final boolean enabled;

    public ExitWithParent(@ConfigProperty(name = PROPERTY, defaultValue = "false") boolean enabled) {
        this.enabled = enabled;
    }

    void watch(@Observes StartupEvent startup) {
        if (!enabled) {
            return;
        }
        Thread watcher = new Thread(
                () -> {
                    awaitEnd(System.in);
                    Log.warn("the process that started this service is gone: stopping");
                    // The JVM's shutdown hooks, Quarkus' graceful shutdown among them: the very path a SIGTERM takes.
                    // Process.destroy() closes the pipe as it signals, so a shutdown may already be running; then this
                    // call only waits for it, where a second exit of Quarkus' own would cut it short.
                    System.exit(0);
                },
                "switchboard-exit-with-parent");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Returns once {@code input} ends or fails; whatever arrives on it is ignored. */
    static void awaitEnd(InputStream input) {
        byte[] ignored = new byte[256];
        try {
            while (input.read(ignored) != -1) {
                // Nothing is ever sent on purpose: only the end counts.
            }
        } catch (IOException ended) {
            // A broken pipe is an end too.
        }
    }
}
