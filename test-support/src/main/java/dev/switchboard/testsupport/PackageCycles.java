package dev.switchboard.testsupport;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The shared architecture rule: the packages under a module's root package never depend on each other in a
 * cycle — neither the top-level ones (each with its subpackages) nor any two packages at any depth. The root
 * package's own classes are a slice too, so a subpackage cannot depend back on the classes above it. Called from
 * an ordinary JUnit test of the module (plain ArchUnit: the archunit-junit5 engine runs nothing on the JUnit
 * platform Quarkus brings).
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
        check(rootPackage, new ClassFileImporter().importPath(classes), classes.toString());
    }

    /**
     * Checks the main classes of the module {@code member} was loaded from (its jar, or its classes directory in a
     * reactor build): for the modules test-support itself depends on, which cannot depend on it for their tests.
     */
    public static void assertFreeOfCycles(String rootPackage, Class<?> member) {
        URL origin = member.getProtectionDomain().getCodeSource().getLocation();
        check(rootPackage, new ClassFileImporter().importLocations(Set.of(Location.of(origin))), origin.toString());
    }

    private static void check(String rootPackage, JavaClasses own, String origin) {
        if (!own.containPackage(rootPackage)) {
            throw new IllegalStateException("no classes of " + rootPackage + " in " + origin);
        }
        slices().assignedFrom(new Packages(rootPackage, true))
                .should()
                .beFreeOfCycles()
                .check(own);
        slices().assignedFrom(new Packages(rootPackage, false))
                .should()
                .beFreeOfCycles()
                .check(own);
    }

    /** A class's slice: its package below the root, cut to the first segment when {@code topLevel}; the root's own. */
    private record Packages(String root, boolean topLevel) implements SliceAssignment {

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (name.equals(root)) {
                return SliceIdentifier.of(root);
            }
            if (!name.startsWith(root + ".")) {
                return SliceIdentifier.ignore();
            }
            int end = topLevel ? name.indexOf('.', root.length() + 1) : -1;
            return SliceIdentifier.of(end < 0 ? name : name.substring(0, end));
        }

        @Override
        public String getDescription() {
            return (topLevel ? "the top-level packages of " : "every package of ") + root + ", and its own classes";
        }
    }
}
