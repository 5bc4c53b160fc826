package dev.switchboard.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The chart's alert rules as Prometheus loads them: promtool check rules on the rendered PrometheusRule, and
 * promtool test rules with a firing and a quiet case for every alert (src/test/resources/alerts-test.yaml).
 */
class AlertRulesTest {

    private static final Path WORK = Chart.TARGET.resolve("alert-rules");
    private static Path rules;
    private static JsonNode groups;

    @BeforeAll
    static void renderTheRules() throws IOException {
        JsonNode rule = Chart.minimal().get("PrometheusRule", "sb-switchboard");
        groups = rule.path("spec");
        rules = writeRules(groups, WORK.resolve("rules.yaml"));
        try (InputStream tests = AlertRulesTest.class.getResourceAsStream("/alerts-test.yaml")) {
            Files.copy(tests, WORK.resolve("alerts-test.yaml"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The rule groups of a PrometheusRule's spec as a Prometheus rules file. */
    static Path writeRules(JsonNode spec, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Chart.YAML.writeValue(file.toFile(), spec);
        return file;
    }

    @Test
    void prometheusAcceptsTheRules() {
        String output = promtool("check", "rules", rules.toString());
        assertThat(output).contains("SUCCESS: " + alerts().size() + " rules found");
    }

    @Test
    void everyAlertFiresAndStaysQuietAsItsUnitTestsSay() throws IOException {
        JsonNode tests = Chart.YAML.readTree(WORK.resolve("alerts-test.yaml").toFile());
        Set<String> firing = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        tests.path("tests").forEach(test -> test.path("alert_rule_test")
                .forEach(check -> (check.path("exp_alerts").isEmpty() ? quiet : firing)
                        .add(check.path("alertname").asText())));
        assertThat(firing).as("a firing case per alert").containsExactlyInAnyOrderElementsOf(alerts());
        assertThat(quiet).as("a quiet case per alert").containsExactlyInAnyOrderElementsOf(alerts());

        String output =
                promtool("test", "rules", WORK.resolve("alerts-test.yaml").toString());
        assertThat(output).contains("SUCCESS");
    }

    @Test
    void everyAlertLinksItsRunbookInTheOperationsGuide() throws IOException {
        String operations = Files.readString(Chart.HOME.resolve("docs/operations.md"), StandardCharsets.UTF_8);
        groups.path("groups").forEach(group -> group.path("rules").forEach(rule -> {
            String alert = rule.path("alert").asText();
            String runbook = rule.path("annotations").path("runbook_url").asText();
            assertThat(runbook).endsWith("docs/operations.md#alert-" + alert.toLowerCase(Locale.ROOT));
            assertThat(operations)
                    .as("docs/operations.md has a heading for %s", alert)
                    .contains("### Alert: " + alert);
            assertThat(rule.path("labels").path("severity").asText()).isIn("warning", "critical");
        }));
    }

    static List<String> alerts() {
        return groups.path("groups").findValuesAsText("alert");
    }

    /** Runs Debian's promtool; fails with its output unless it exits 0. */
    static String promtool(String... arguments) {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(WORK.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue())
                    .as("promtool %s:%n%s", String.join(" ", arguments), output)
                    .isZero();
            return output;
        } catch (IOException e) {
            throw new AssertionError("promtool is missing (Debian package prometheus; .ci/run installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
