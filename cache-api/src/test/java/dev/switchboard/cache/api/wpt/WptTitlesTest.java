package dev.switchboard.cache.api.wpt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the ports true to upstream: for each port class, its tests' display names are exactly the upstream titles
 * listed in {@code src/test/resources/wpt/<upstream file>.txt} that are not marked {@code n/a}; every other test
 * is tagged {@code switchboard} and says so; docs/cache-api.md counts what the lists and classes hold and names
 * every case that does not apply.
 */
class WptTitlesTest {

    private static final String PREFIX = "WPT ";
    private static final String NOT_APPLICABLE = "n/a ";
    private static final String OWN = "switchboard";
    private static final Path DOCS = Path.of("..", "docs", "cache-api.md");

    /** One port class and what its upstream file lists. */
    private record Port(Class<?> type, String file, List<String> ported, List<String> notApplicable, List<String> own) {

        int upstream() {
            return ported.size() + notApplicable.size();
        }

        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Port> ports() {
        return Stream.of(
                        CacheMatchTest.class,
                        CachePutTest.class,
                        CacheAddTest.class,
                        CacheDeleteTest.class,
                        CacheKeysTest.class,
                        CacheMatchAllTest.class,
                        CacheStorageTest.class,
                        CacheStorageKeysTest.class,
                        CacheStorageMatchTest.class)
                .map(WptTitlesTest::port);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void everyTestIsAnUpstreamCaseOrMarkedAsSwitchboards(Port port) {
        List<String> wpt = new ArrayList<>();
        for (Method method : port.type().getDeclaredMethods()) {
            if (!method.isAnnotationPresent(Test.class)) {
                continue;
            }
            DisplayName name = method.getAnnotation(DisplayName.class);
            assertThat(name).as("%s has a display name", method).isNotNull();
            boolean own = Arrays.stream(method.getAnnotationsByType(Tag.class))
                    .anyMatch(tag -> tag.value().equals(OWN));
            if (own) {
                assertThat(name.value()).as("a Switchboard case says so").startsWith("Switchboard: ");
            } else {
                wpt.add(name.value());
            }
        }
        assertThat(wpt)
                .as("the tests of %s are its upstream titles, each once", port.file())
                .containsExactlyInAnyOrderElementsOf(port.ported());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void theDocsCountWhatThePortHolds(Port port) throws IOException {
        String docs = Files.readString(DOCS);
        String shortName = port.file().substring(port.file().lastIndexOf('/') + 1);
        assertThat(docs)
                .contains(row(
                        shortName,
                        port.upstream(),
                        port.ported().size(),
                        port.notApplicable().size(),
                        port.own().size()));
        // Prose is wrapped: a title may span lines there.
        String prose = docs.replaceAll("\\s+", " ");
        port.notApplicable().forEach(title -> assertThat(prose)
                .as("the docs say why it does not apply")
                .contains("\"" + title + "\""));
    }

    @Test
    void theDocsTotalIsTheSumOfTheFiles() throws IOException {
        List<Port> ports = ports().toList();
        assertThat(Files.readString(DOCS))
                .contains(row(
                        "**total**",
                        ports.stream().mapToInt(Port::upstream).sum(),
                        ports.stream().mapToInt(port -> port.ported().size()).sum(),
                        ports.stream()
                                .mapToInt(port -> port.notApplicable().size())
                                .sum(),
                        ports.stream().mapToInt(port -> port.own().size()).sum()));
    }

    private static String row(String file, int upstream, int ported, int notApplicable, int own) {
        return "| " + file + " | " + upstream + " | " + ported + " | " + notApplicable + " | " + own + " |";
    }

    private static Port port(Class<?> type) {
        DisplayName name = type.getAnnotation(DisplayName.class);
        assertThat(name).as("%s names its upstream file", type).isNotNull();
        assertThat(name.value()).startsWith(PREFIX);
        String file = name.value().substring(PREFIX.length());
        List<String> ported = new ArrayList<>();
        List<String> notApplicable = new ArrayList<>();
        for (String line : titles(file)) {
            if (line.startsWith(NOT_APPLICABLE)) {
                notApplicable.add(line.substring(NOT_APPLICABLE.length()));
            } else {
                ported.add(line);
            }
        }
        List<String> own = Arrays.stream(type.getDeclaredMethods())
                .filter(method -> Arrays.stream(method.getAnnotationsByType(Tag.class))
                        .anyMatch(tag -> tag.value().equals(OWN)))
                .map(Method::getName)
                .toList();
        return new Port(type, file, ported, notApplicable, own);
    }

    private static List<String> titles(String file) {
        try (InputStream in = WptTitlesTest.class.getResourceAsStream("/wpt/" + file + ".txt")) {
            assertThat(in).as("the titles of %s", file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new AssertionError("cannot read the titles of " + file, e);
        }
    }
}
