package dev.switchboard.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.switchboard.embedded.FreePorts;
import dev.switchboard.embedded.TokenIssuer;
import dev.switchboard.local.SuiteService;
import dev.switchboard.testsupport.SharedInfrastructure;

/**
 * The four images, run: each image's layers unpacked into a root of its own and its entrypoint started there as
 * the image's user (uid 65532), with only the image's environment and a few settings as a pod would get them —
 * no container runtime, just a mount and PID namespace and a changed root (needs root, as CI has). The member
 * (cache-service's image) forms the cluster, the others join it and the shared broker, and every one answers
 * {@code /q/health/ready}: the assembled base's runtime, libraries, user and the JVM flags really start the services.
 * They are configured as in production: a token verifier (its key a file, as the chart mounts it), the gateway not
 * anonymous, push-service's VAPID sealing key.
 */
class ImagesIT {

    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final List<Process> RUNNING = new ArrayList<>();
    /** Where the chart mounts the token verifier's key (security.tokenVerifier.existingSecret). */
    private static final String VERIFIER_KEY = "/etc/switchboard/token-verifier/publickey.pem";

    /**
     * unshare ignores SIGTERM while it waits for its child, so the service itself is asked to stop and unshare
     * follows it; one that does not stop in time is killed with its unshare (--kill-child takes the service along).
     */
    @AfterAll
    static void stopThem() throws InterruptedException {
        RUNNING.forEach(process -> process.descendants().forEach(ProcessHandle::destroy));
        for (Process process : RUNNING) {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void everyImageStartsAsItsUserAndGetsReady() throws Exception {
        assumeFalse(Boolean.getBoolean("switchboard.images.skip"), "images skipped (-Dswitchboard.images.skip=true)");
        assumeTrue("root".equals(System.getProperty("user.name")), "running an image's root file system needs root");
        int memberPort = FreePorts.next();
        TokenIssuer issuer = TokenIssuer.generate("https://issuer.images.test", "switchboard");
        Map<String, String> common = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                SharedInfrastructure.kafka().bootstrapServers(),
                "SWITCHBOARD_HAZELCAST_CLUSTER_NAME",
                "switchboard-images-" + UUID.randomUUID(),
                "SWITCHBOARD_HAZELCAST_MEMBERS",
                "127.0.0.1:" + memberPort,
                "QUARKUS_OTEL_SDK_DISABLED",
                "true",
                // As the chart sets them: the verifier key as a file mounted from its Secret.
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                VERIFIER_KEY,
                "MP_JWT_VERIFY_ISSUER",
                issuer.issuer(),
                "MP_JWT_VERIFY_AUDIENCES",
                issuer.audience(),
                // As a container memory limit would: the image's MaxRAMPercentage applies below it.
                "JAVA_TOOL_OPTIONS",
                "-Xmx256m");
        Map<SuiteService, Integer> ports = new EnumMap<>(SuiteService.class);
        for (SuiteService service :
                List.of(SuiteService.CACHE, SuiteService.GATEWAY, SuiteService.WORKER, SuiteService.PUSH)) {
            ImageTar image = ImageTar.open(service, Chart.TARGET.resolve("images-run"));
            int port = FreePorts.next();
            ports.put(service, port);
            Path root = image.rootFileSystem();
            Path key = root.resolve(VERIFIER_KEY.substring(1));
            Files.createDirectories(key.getParent());
            Files.writeString(key, issuer.publicKeyPem());
            Map<String, String> env = new HashMap<>(common);
            env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            if (service == SuiteService.PUSH) {
                env.put(
                        "SWITCHBOARD_PUSH_VAPID_KEY_ENCRYPTION_KEY",
                        Base64.getEncoder().encodeToString(new byte[32]));
            }
            if (service == SuiteService.CACHE) {
                env.put("SWITCHBOARD_HAZELCAST_MEMBER_PORT", String.valueOf(memberPort));
                env.put("SWITCHBOARD_HAZELCAST_MEMBER_BIND_ADDRESS", "127.0.0.1");
            }
            RUNNING.add(
                    start(image, root, env, Chart.TARGET.resolve("images-run").resolve(service.module() + ".log")));
            if (service == SuiteService.CACHE) {
                awaitReady(service, port);
            }
        }
        for (Map.Entry<SuiteService, Integer> service : ports.entrySet()) {
            awaitReady(service.getKey(), service.getValue());
        }
    }

    /** The image's entrypoint in its {@code root}, as its user, with its environment and {@code settings}. */
    private static Process start(ImageTar image, Path root, Map<String, String> settings, Path log) throws IOException {
        String user = image.container().path("User").asText();
        List<String> command = new ArrayList<>(List.of(
                "unshare",
                "--fork",
                "--pid",
                "--kill-child",
                "--mount-proc=/proc",
                "--root=" + root,
                "--wd=" + image.container().path("WorkingDir").asText(),
                "--setuid",
                user.split(":")[0],
                "--setgid",
                user.split(":")[1]));
        image.container().path("Entrypoint").forEach(argument -> command.add(argument.asText()));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        for (String variable : image.env()) {
            int equals = variable.indexOf('=');
            builder.environment().put(variable.substring(0, equals), variable.substring(equals + 1));
        }
        builder.environment().putAll(settings);
        return builder.start();
    }

    private static void awaitReady(SuiteService service, int port) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + READY.toNanos();
        int status = 0;
        while (System.nanoTime() < deadline && status != 200) {
            try {
                status =
                        http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException notYet) {
                Thread.sleep(500);
            }
        }
        assertThat(status)
                .as(
                        "%s's image is ready; see %s",
                        service.module(), Chart.TARGET.resolve("images-run").resolve(service.module() + ".log"))
                .isEqualTo(200);
    }
}
