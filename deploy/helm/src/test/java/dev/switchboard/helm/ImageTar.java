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

import dev.switchboard.local.SuiteService;

/**
 * A service's image as {@code jib:buildTar} wrote it (target/jib-image.tar, docker-archive format), unpacked with
 * the system's tar: its config and the files of each layer, in order.
 */
record ImageTar(SuiteService service, JsonNode config, List<List<String>> layers, Path unpacked) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Path tar(SuiteService service) {
        return Chart.HOME.resolve(service.module()).resolve("target/jib-image.tar");
    }

    static ImageTar open(SuiteService service, Path workDir) {
        Path dir = workDir.resolve(service.module());
        try {
            Files.createDirectories(dir);
            tar("-xf", tar(service).toString(), "-C", dir.toString());
            JsonNode manifest =
                    JSON.readTree(dir.resolve("manifest.json").toFile()).get(0);
            JsonNode config =
                    JSON.readTree(dir.resolve(manifest.path("Config").asText()).toFile());
            List<List<String>> layers = new ArrayList<>();
            for (JsonNode layer : manifest.path("Layers")) {
                layers.add(tar(
                                "--warning=no-unknown-keyword",
                                "-tzf",
                                dir.resolve(layer.asText()).toString())
                        .lines()
                        .map(entry -> entry.startsWith("./") ? entry.substring(1) : "/" + entry)
                        .toList());
            }
            return new ImageTar(service, config, layers, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unpacks every layer, in order, into one root file system (the images add files, they remove none). */
    Path rootFileSystem() {
        Path root = unpacked.resolve("rootfs");
        try {
            Files.createDirectories(root.resolve("proc"));
            JsonNode manifest =
                    JSON.readTree(unpacked.resolve("manifest.json").toFile()).get(0);
            for (JsonNode layer : manifest.path("Layers")) {
                tar(
                        "--warning=no-unknown-keyword",
                        "-xzf",
                        unpacked.resolve(layer.asText()).toString(),
                        "-C",
                        root.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    JsonNode container() {
        return config.path("config");
    }

    List<String> env() {
        List<String> env = new ArrayList<>();
        container().path("Env").forEach(variable -> env.add(variable.asText()));
        return env;
    }

    private static String tar(String... arguments) {
        List<String> command = new ArrayList<>(List.of("tar"));
        command.addAll(List.of(arguments));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("tar " + String.join(" ", arguments) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
