package dev.switchboard.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The Grafana dashboards of the chart: typed against @grafana/schema, and provisioned through the sidecar label. */
class DashboardsTest {

    static final Path DASHBOARDS = Chart.DIR.resolve("files/dashboards");

    static List<Path> dashboards() {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(file -> file.toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyDashboardTypeChecksAgainstGrafanasSchema() {
        List<String> arguments = new ArrayList<>(
                List.of(Chart.TARGET.resolve("grafana-typecheck").toString()));
        dashboards().forEach(dashboard -> arguments.add(dashboard.toString()));
        NodeTools.Report report = NodeTools.run("grafana-typecheck.mjs", arguments.toArray(String[]::new));
        assertThat(report.errors()).isEmpty();
        assertThat(report.exitCode()).as(report.output()).isZero();
        assertThat(report.report().path("checked").asInt())
                .isEqualTo(dashboards().size())
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void everyPanelQueriesThePrometheusOfTheDashboardsVariableAndNamespace() throws IOException {
        Set<String> uids = new HashSet<>();
        for (Path file : dashboards()) {
            JsonNode dashboard = Chart.YAML.readTree(file.toFile());
            assertThat(uids.add(dashboard.path("uid").asText())).isTrue();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : dashboard.path("panels")) {
                assertThat(ids.add(panel.path("id").asInt()))
                        .as("panel ids unique in %s", file)
                        .isTrue();
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
                assertThat(panel.path("description").asText()).isNotBlank();
                assertThat(panel.path("targets")).isNotEmpty();
                panel.path("targets").forEach(target -> assertThat(
                                target.path("expr").asText())
                        .as("%s: %s", file.getFileName(), panel.path("title").asText())
                        .contains("namespace=\"$namespace\"")
                        .contains("job="));
            }
        }
    }

    @Test
    void theDashboardsAreProvisionedThroughTheGrafanaSidecarLabel() {
        Chart.Rendered chart = Chart.production();
        for (Path file : dashboards()) {
            String name = file.getFileName().toString();
            JsonNode configMap = chart.get("ConfigMap", "sb-switchboard-" + name.replace(".json", ""));
            assertThat(configMap
                            .path("metadata")
                            .path("labels")
                            .path("grafana_dashboard")
                            .asText())
                    .isEqualTo("1");
            assertThat(configMap.path("metadata").path("namespace").asText()).isEqualTo("monitoring");
            assertThat(configMap.path("data").path(name).asText()).isEqualTo(read(file));
        }
    }

    /** Every target's PromQL of every dashboard, for the scrape test. */
    static List<String> queries() {
        List<String> queries = new ArrayList<>();
        for (Path file : dashboards()) {
            try {
                Chart.YAML.readTree(file.toFile()).path("panels").forEach(panel -> panel.path("targets")
                        .forEach(target -> queries.add(target.path("expr").asText())));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return queries;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
