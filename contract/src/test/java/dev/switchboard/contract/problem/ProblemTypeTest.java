package dev.switchboard.contract.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The problem types are one list, written as RFC 9457 says, and docs/errors.md documents exactly that list. */
class ProblemTypeTest {

    private static final Path DOCS =
            Path.of(System.getProperty("switchboard.home", "..")).resolve("docs/errors.md");
    /** A row of the type tables: {@code | `code` | status | title | when |}. */
    private static final Pattern ROW =
            Pattern.compile("^\\| `([a-z0-9-]+)` \\| (\\d{3}) \\| ([^|]+) \\|", Pattern.MULTILINE);

    @Test
    void docsErrorsListsEveryTypeWithItsStatusAndTitleAndNothingElse() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        Matcher row = ROW.matcher(Files.readString(DOCS, StandardCharsets.UTF_8));
        while (row.find()) {
            assertThat(documented.put(
                            row.group(1), row.group(2) + " " + row.group(3).strip()))
                    .as("documented twice: " + row.group(1))
                    .isNull();
        }
        Map<String, String> listed = Arrays.stream(ProblemType.values())
                .collect(Collectors.toMap(
                        ProblemType::code, type -> type.status() + " " + type.title(), (a, b) -> a, TreeMap::new));
        assertThat(documented).isEqualTo(listed);
    }

    @Test
    void aProblemIsRfc9457WithItsCode() throws IOException {
        JsonNode body = new ObjectMapper()
                .readTree(Problem.of(ProblemType.BAD_JSON, "not JSON: unexpected end")
                        .json());
        assertThat(body.get("type").asText()).isEqualTo("https://switchboard.dev/problems/bad-json");
        assertThat(body.get("title").asText()).isEqualTo(ProblemType.BAD_JSON.title());
        assertThat(body.get("status").asInt()).isEqualTo(400);
        assertThat(body.get("detail").asText()).isEqualTo("not JSON: unexpected end");
        assertThat(body.get("code").asText()).isEqualTo("bad-json");
        assertThat(body.size()).isEqualTo(5);
    }

    @Test
    void aStatusNoTypeStandsForIsAboutBlankTitledWithItsReason() throws IOException {
        assertThat(Problem.ofStatus(404, "Not Found", "x").code()).isEqualTo("not-found");
        JsonNode teapot = new ObjectMapper()
                .readTree(
                        Problem.ofStatus(418, "I'm a teapot", "short and stout").json());
        assertThat(teapot.get("type").asText()).isEqualTo("about:blank");
        assertThat(teapot.get("title").asText()).isEqualTo("I'm a teapot");
        assertThat(teapot.get("status").asInt()).isEqualTo(418);
        assertThat(teapot.has("code")).isFalse();
    }

    @Test
    void everyGenericStatusTypeHasThatStatus() {
        for (int status = 100; status < 600; status++) {
            int expected = status;
            ProblemType.forStatus(status)
                    .ifPresent(type -> assertThat(type.status()).isEqualTo(expected));
        }
        assertThat(ProblemType.ofCode("bad-json")).contains(ProblemType.BAD_JSON);
    }
}
