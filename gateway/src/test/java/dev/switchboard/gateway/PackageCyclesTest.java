package dev.switchboard.gateway;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

import dev.switchboard.gateway.config.GatewayConfig;

/**
 * The gateway's packages depend on each other in one direction only, so each can be read, tested and moved without
 * the ones above it. Plain ArchUnit in an ordinary JUnit test: archunit-junit5's engine runs nothing under the JUnit
 * platform Quarkus brings.
 */
class PackageCyclesTest {

    @Test
    void topLevelPackagesAreFreeOfCycles() throws URISyntaxException {
        slices().matching("dev.switchboard.gateway.(*)..").should().beFreeOfCycles().check(mainClasses());
    }

    /** Also inside one: transport's shared parts and its http, sse and websocket packages. */
    @Test
    void everyPackageIsFreeOfCycles() throws URISyntaxException {
        slices().matching("dev.switchboard.gateway.(**)").should().beFreeOfCycles().check(mainClasses());
    }

    /** Only the module's own compiled main classes (target/classes): no tests, no dependencies. */
    private static JavaClasses mainClasses() throws URISyntaxException {
        Path classes = Path.of(GatewayConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        JavaClasses imported = new ClassFileImporter().importPath(classes);
        assertThat(imported.contain(GatewayConfig.class)).as("imported from %s", classes).isTrue();
        return imported;
    }
}
