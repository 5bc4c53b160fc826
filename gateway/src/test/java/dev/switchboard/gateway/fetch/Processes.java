package dev.switchboard.gateway.fetch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** What the benchmark's peers (nginx, wrk) need around them: finding them, and cleaning up after them. */
final class Processes {

    private Processes() {}

    /** True when an executable named {@code command} is in one of the {@code PATH}'s folders. */
    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        return Stream.of(path.split(File.pathSeparator))
                .map(folder -> Path.of(folder, command))
                .anyMatch(Files::isExecutable);
    }

    static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
