package dev.switchboard.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Runs the checkers of test-tools/scenarios (npm packages installed by the build) with node. */
final class NodeTools {

    static final Path TOOLS = Path.of(System.getProperty("switchboard.test-tools", "../../test-tools"))
            .toAbsolutePath()
            .normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeTools() {}

    /** A checker's exit code and the JSON report it printed last. */
    record Report(int exitCode, JsonNode report, String output) {

        List<String> errors() {
            List<String> errors = new ArrayList<>();
            report.path("errors").forEach(error -> errors.add(error.asText()));
            return errors;
        }
    }

    static Report run(String script, String... arguments) {
        List<String> command = new ArrayList<>(
                List.of("node", TOOLS.resolve("scenarios").resolve(script).toString()));
        command.addAll(List.of(arguments));
        try {
            Path output = Files.createTempFile("node-tool", ".out");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(script + " did not finish within 5 minutes");
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            String last = printed.lines()
                    .filter(line -> line.startsWith("{"))
                    .reduce((first, second) -> second)
                    .orElseThrow(() -> new AssertionError(script + " printed no report:\n" + printed));
            return new Report(process.exitValue(), JSON.readTree(last), printed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run node " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static Path write(Path file, Object value) {
        try {
            Files.createDirectories(file.getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), value);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
