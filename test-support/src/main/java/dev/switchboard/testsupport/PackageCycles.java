package dev.switchboard.testsupport;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.nio.file.Files;
import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

/**
 * The shared architecture rule: the packages under a module's root package never depend on each other in a
 * cycle — neither the top-level ones (each with its subpackages) nor any two packages at any depth. Called from an ordinary JUnit test of the module (plain ArchUnit: the
 * archunit-junit5 engine runs nothing on the JUnit platform Quarkus brings).
 */
public final class PackageCycles {

    private PackageCycles() {}

    /**
     * Checks the module's own main classes, read from its {@code target/classes}: not its test classes, and not
     * the classes of its dependencies, which may share the root package (worker-api's {@code dev.switchboard.worker.api}
     * is in worker-service's {@code dev.switchboard.worker}) and arrive as directories in a reactor build.
     */
    public static void assertFreeOfCycles(String rootPackage) {
        // Surefire sets basedir to the module's directory; an IDE runs tests from there too.
        Path classes = Path.of(System.getProperty("basedir", ""))
                .toAbsolutePath()
                .resolve("target")
                .resolve("classes");
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException("no compiled main classes at " + classes);
        }
        JavaClasses own = new ClassFileImporter().importPath(classes);
        if (!own.containPackage(rootPackage)) {
            throw new IllegalStateException("no classes of " + rootPackage + " in " + classes);
        }
        slices().matching(rootPackage + ".(*)..").should().beFreeOfCycles().check(own);
        slices().matching(rootPackage + ".(**)").should().beFreeOfCycles().check(own);
    }
}
