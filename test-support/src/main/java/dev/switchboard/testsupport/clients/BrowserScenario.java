package dev.switchboard.testsupport.clients;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A scenario of test-tools/scenarios driving Debian's chromium in a node process of its own: commands go to its
 * stdin a line each, answers come from its stdout as lines {@code WORD rest}; {@code FAILED …} fails the test.
 */
public final class BrowserScenario implements AutoCloseable {

    private final Process process;
    private final BufferedReader answers;
    private final PrintWriter commands;

    private BrowserScenario(Process process) {
        this.process = process;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** Starts {@code scenarios/<script>} with its arguments (the page's base URL first). */
    public static BrowserScenario start(String script, String... arguments) throws IOException {
        return start(ProcessBuilder.Redirect.INHERIT, script, arguments);
    }

    /** The same, with the scenario's stderr (the browser's console) appended to {@code log}. */
    public static BrowserScenario startLogged(Path log, String script, String... arguments) throws IOException {
        return start(ProcessBuilder.Redirect.appendTo(log.toFile()), script, arguments);
    }

    private static BrowserScenario start(ProcessBuilder.Redirect stderr, String script, String... arguments)
            throws IOException {
        Path tools = Path.of(System.getProperty("switchboard.test-tools"));
        String[] command = new String[arguments.length + 2];
        command[0] = "node";
        command[1] = tools.resolve("scenarios/" + script).toString();
        System.arraycopy(arguments, 0, command, 2, arguments.length);
        return new BrowserScenario(
                new ProcessBuilder(command).redirectError(stderr).start());
    }

    public void send(String command) {
        commands.println(command);
    }

    /**
     * The rest of the next line that is {@code word}, or starts with it and a space; fails on FAILED or end of
     * output.
     */
    public String expect(String word) throws IOException {
        String line;
        while ((line = answers.readLine()) != null) {
            if (line.equals(word)) {
                return "";
            }
            if (line.startsWith(word + " ")) {
                return line.substring(word.length() + 1);
            }
            if (line.startsWith("FAILED")) {
                throw new AssertionError("browser scenario: " + line);
            }
        }
        throw new AssertionError("the browser scenario ended before " + word);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        commands.close();
    }
}
