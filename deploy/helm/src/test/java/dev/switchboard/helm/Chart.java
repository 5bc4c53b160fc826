package dev.switchboard.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

/** The chart in deploy/helm/switchboard, rendered with helm-java (Helm's own engine, in process) as release "sb". */
final class Chart {

    static final Path HOME = Path.of(System.getProperty("switchboard.home", "../.."))
            .toAbsolutePath()
            .normalize();
    static final Path DIR = HOME.resolve("deploy/helm/switchboard");
    static final Path PRODUCTION_VALUES = HOME.resolve("deploy/helm/values-production.yaml");
    /** The least a release must set (the token verifier, the VAPID sealing key); the chart refuses to render without. */
    static final Path MINIMAL_VALUES = HOME.resolve("deploy/helm/values-minimal.yaml");

    static final Path TARGET = HOME.resolve("deploy/helm/target");
    static final String RELEASE = "sb";
    static final String NAMESPACE = "switchboard";
    /** The Kubernetes version the chart is rendered for and validated against (kubernetes-models 5.1.0). */
    static final String KUBERNETES_VERSION = "1.36.0";

    static final YAMLMapper YAML = new YAMLMapper();

    private Chart() {}

    static Helm helm() {
        return new Helm(DIR);
    }

    /** Every object the chart renders with the default values, then {@code valuesFiles} in order and {@code sets}. */
    static Rendered render(List<Path> valuesFiles, Map<String, Object> sets) {
        TemplateCommand template =
                helm().template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBERNETES_VERSION);
        for (Path valuesFile : valuesFiles) {
            template = template.withValuesFile(valuesFile);
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return new Rendered(parse(template.call()));
    }

    /** The default values with the least a release must set (values-minimal.yaml), then {@code sets}. */
    static Rendered minimal(Map<String, Object> sets) {
        return render(List.of(MINIMAL_VALUES), sets);
    }

    static Rendered minimal() {
        return minimal(Map.of());
    }

    static Rendered production() {
        return render(List.of(PRODUCTION_VALUES), Map.of());
    }

    static JsonNode values() {
        try {
            return YAML.readTree(DIR.resolve("values.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> parse(String manifest) {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents =
                YAML.readerFor(JsonNode.class).readValues(manifest)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && document.isObject() && !document.isEmpty()) {
                    objects.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("helm template produced YAML that does not parse", e);
        }
        return objects;
    }

    /** The objects of one rendering, looked up by kind and name. */
    record Rendered(List<JsonNode> objects) {

        List<JsonNode> ofKind(String kind) {
            return objects.stream()
                    .filter(object -> object.path("kind").asText().equals(kind))
                    .toList();
        }

        Optional<JsonNode> find(String kind, String name) {
            return ofKind(kind).stream().filter(named(name)).findFirst();
        }

        JsonNode get(String kind, String name) {
            return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered"));
        }

        private static Predicate<JsonNode> named(String name) {
            return object -> object.path("metadata").path("name").asText().equals(name);
        }
    }
}
