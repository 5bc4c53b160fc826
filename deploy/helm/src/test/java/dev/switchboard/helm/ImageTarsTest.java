package dev.switchboard.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.switchboard.local.SuiteService;

/**
 * Each service's image tar, as the package phase builds it (no container daemon): it runs the Quarkus fast-jar as
 * uid 65532 with container-aware JVM flags and Hazelcast's module flags, exposes its HTTP port (which also serves
 * /q/health and /q/metrics) and the member port for cache-service, and is layered from rarely to often changing.
 */
class ImageTarsTest {

    private static final Map<SuiteService, List<String>> PORTS = Map.of(
            SuiteService.GATEWAY, List.of("8080/tcp"),
            SuiteService.WORKER, List.of("8081/tcp"),
            SuiteService.CACHE, List.of("8082/tcp", "5701/tcp"),
            SuiteService.PUSH, List.of("8083/tcp"));

    @BeforeAll
    static void imagesAreBuilt() {
        assumeFalse(Boolean.getBoolean("switchboard.images.skip"), "images skipped (-Dswitchboard.images.skip=true)");
    }

    @ParameterizedTest
    @EnumSource(SuiteService.class)
    void theImageRunsTheFastJarAsNonRootWithContainerAwareFlags(SuiteService service) {
        assertThat(Files.isRegularFile(ImageTar.tar(service)))
                .as("%s was built", ImageTar.tar(service))
                .isTrue();
        ImageTar image = ImageTar.open(service, Chart.TARGET.resolve("images"));
        assertThat(image.config().path("os").asText()).isEqualTo("linux");
        assertThat(image.container().path("User").asText()).isEqualTo("65532:65532");
        assertThat(image.container().path("WorkingDir").asText()).isEqualTo("/deployments");
        assertThat(image.container().path("Entrypoint"))
                .extracting(node -> node.asText())
                .containsExactly("java", "-jar", "/deployments/quarkus-run.jar");
        assertThat(image.container().path("ExposedPorts").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrderElementsOf(PORTS.get(service));
        String options = image.env().stream()
                .filter(variable -> variable.startsWith("JDK_JAVA_OPTIONS="))
                .findFirst()
                .orElseThrow();
        assertThat(options).contains("-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError");
        for (String flag : System.getProperty("hazelcast.jvm.flags").split(" ")) {
            assertThat(options).contains(flag);
        }
        assertThat(image.env()).anyMatch(variable -> variable.startsWith("PATH=/opt/java/openjdk/bin"));
        assertThat(image.container()
                        .path("Labels")
                        .path("org.opencontainers.image.title")
                        .asText())
                .isEqualTo(service.module());
    }

    @ParameterizedTest
    @EnumSource(SuiteService.class)
    void theLayersGoFromTheRuntimeToTheApplication(SuiteService service) {
        ImageTar image = ImageTar.open(service, Chart.TARGET.resolve("images"));
        List<List<String>> layers = image.layers();
        assertThat(layers)
                .as("base, libraries, Quarkus' generated code, the application")
                .hasSize(4);
        assertThat(layers.get(0))
                .as("the base: a Java runtime, a non-root user")
                .contains("/opt/java/openjdk/bin/java", "/etc/passwd");
        int dependencies = indexOf(layers, "/deployments/lib/main/");
        int quarkus = indexOf(layers, "/deployments/quarkus/");
        int application = indexOf(layers, "/deployments/app/");
        int launcher = indexOf(layers, "/deployments/quarkus-run.jar");
        assertThat(dependencies).isPositive().isLessThan(quarkus);
        assertThat(quarkus).isLessThan(application);
        assertThat(launcher).as("the launcher jar goes with the application").isEqualTo(application);
        assertThat(layers.get(dependencies))
                .allMatch(file -> file.equals("/deployments/") || file.startsWith("/deployments/lib/"));
        assertThat(layers)
                .flatMap(layer -> layer)
                .as("no classpath copy beside the fast-jar")
                .noneMatch(file -> file.startsWith("/app/"));
    }

    private static int indexOf(List<List<String>> layers, String prefix) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).stream().anyMatch(file -> file.startsWith(prefix))) {
                return i;
            }
        }
        throw new AssertionError("no layer has " + prefix);
    }
}
