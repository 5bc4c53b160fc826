package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.testsupport.clients.ChannelClient;
import dev.switchboard.testsupport.clients.ProblemBodies;
import dev.switchboard.testsupport.clients.TestEventSource;
import dev.switchboard.testsupport.clients.TestWebSocket;

/**
 * README command (a) as a user runs it: the launcher jar starts the broker and all four services, listening on
 * 127.0.0.1 only; a WebSocket client and an SSE client get the worker's replies; the printed admin token opens the
 * services' APIs; and stopping the launcher stops the services from the edge inwards, each by itself within its
 * grace, and leaves no process behind.
 */
class LocalSuiteIT {

    private static final Logger LOG = Logger.getLogger(LocalSuiteIT.class);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern GATEWAY = Pattern.compile("gateway\\s+http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern CACHE = Pattern.compile("cache-service\\s+http://127\\.0\\.0\\.1:(\\d+)");
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    private static final Pattern ADMIN_TOKEN = Pattern.compile("admin token\\s+(\\S+)");

    @Test
    void theLauncherStartsTheSuiteAnswersClientsAndStopsEveryProcess() throws Exception {
        Path home = Path.of(System.getProperty("switchboard.home", "../.."))
                .toAbsolutePath()
                .normalize();
        Process launcher = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        home.resolve("deploy/local/target/switchboard-local.jar")
                                .toString(),
                        "--auto-ports",
                        "--home=" + home,
                        "--fetch-origin=https://shop.example",
                        "--run-dir=" + home.resolve("target/switchboard-it/local"))
                .redirectErrorStream(true)
                .start();
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> upLine = new CompletableFuture<>();
        Thread reader = new Thread(() -> read(launcher, output, upLine), "launcher-output");
        reader.start();
        try {
            upLine.get(180, TimeUnit.SECONDS);
            String banner = String.join("\n", output);
            LOG.infof("launcher said:%n%s", banner);
            int gateway = port(GATEWAY, banner);
            int cache = port(CACHE, banner);
            String adminToken = match(ADMIN_TOKEN, banner);
            List<ProcessHandle> children = launcher.descendants().toList();
            assertThat(children).as("four service processes").hasSizeGreaterThanOrEqualTo(4);
            assertThat(banner).contains("LOCAL DEVELOPMENT MODE");

            everySocketListensOnLoopbackOnly(launcher, children, gateway);
            webSocketRoundTrip(gateway);
            sseRoundTrip(gateway, cache, adminToken);
            fetchInterceptionIsOn(gateway);
            theChatNamespaceIsConfigured(gateway);

            // SIGTERM, as Ctrl-C's SIGINT, runs the launcher's shutdown; ProcessHandle's destroy (unlike
            // Process.destroy) leaves the output pipe open so the test still reads what the launcher says.
            launcher.toHandle().destroy();
            assertThat(launcher.waitFor(60, TimeUnit.SECONDS))
                    .as("launcher exits on SIGTERM")
                    .isTrue();
            for (ProcessHandle child : children) {
                child.onExit().get(30, TimeUnit.SECONDS);
                assertThat(child.isAlive())
                        .as("service process %d is gone", child.pid())
                        .isFalse();
            }
            reader.join(10_000);
            assertThat(output).anyMatch(line -> line.contains("Switchboard stopped"));
            assertThat(output).as("every service stopped by itself").noneMatch(line -> line.contains("did not stop"));
            // From the edge inwards: gateway, then worker and push, then the member (docs/operations.md), as
            // each service's own log says when it had stopped.
            Map<SuiteService, LocalDateTime> stopped = stoppedAt(home.resolve("target/switchboard-it/local/logs"));
            LocalDateTime gatewayStopped = stopped.get(SuiteService.GATEWAY);
            assertThat(stopped.get(SuiteService.WORKER)).isAfterOrEqualTo(gatewayStopped);
            assertThat(stopped.get(SuiteService.PUSH)).isAfterOrEqualTo(gatewayStopped);
            assertThat(stopped.get(SuiteService.CACHE))
                    .isAfterOrEqualTo(stopped.get(SuiteService.WORKER))
                    .isAfterOrEqualTo(stopped.get(SuiteService.PUSH));
        } finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    /** When each service last logged that it had stopped (Quarkus' "<name> stopped in"). */
    private static Map<SuiteService, LocalDateTime> stoppedAt(Path logs) throws IOException {
        Map<SuiteService, LocalDateTime> stopped = new EnumMap<>(SuiteService.class);
        for (SuiteService service : SuiteService.values()) {
            String last = Files.readAllLines(logs.resolve(service.module() + ".log")).stream()
                    .filter(line -> line.contains(service.module() + " stopped in"))
                    .reduce((first, second) -> second)
                    .orElseThrow(() -> new AssertionError(service.module() + " never logged its stop"));
            stopped.put(service, LocalDateTime.parse(last.substring(0, 23), LOG_TIME));
        }
        return stopped;
    }

    private static void webSocketRoundTrip(int gateway) {
        try (TestWebSocket socket = TestWebSocket.connect(URI.create("ws://127.0.0.1:" + gateway + "/ws"))) {
            assertThat(Frames.type(socket.frames().next(WAIT))).isEqualTo("welcome");
            socket.send(Frames.message("hello from ws"));
            JsonNode reply = Frames.parse(
                    socket.frames().nextMatching(f -> Frames.type(f).equals("message"), WAIT));
            assertThat(reply.get("data").get("echo").asText()).isEqualTo("hello from ws");
        }
    }

    /** The launcher's public namespace: a publication to a chat channel reaches another subscriber. */
    private static void theChatNamespaceIsConfigured(int gateway) throws Exception {
        URI base = URI.create("http://127.0.0.1:" + gateway + "/");
        ChannelClient.awaitFeedLive(base, "chat");
        try (ChannelClient alice = ChannelClient.connect(base);
                ChannelClient bob = ChannelClient.connect(base)) {
            bob.subscribe("chat:lobby");
            assertThat(alice.request(ChannelClient.publish("chat:lobby", 1, false))
                            .get("type")
                            .asText())
                    .isEqualTo("ack");
            assertThat(bob.nextPublication().get("data").get("n").asInt()).isEqualTo(1);
        }
    }

    /** --fetch-origin reached the gateway: /app/ is served, and with no registration yet no scope contains it. */
    private static void fetchInterceptionIsOn(int gateway) throws Exception {
        HttpResponse<String> unscoped = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway + "/app/index.html"))
                                .timeout(WAIT)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(ProblemBodies.typeOf(unscoped)).isEqualTo(ProblemType.OUT_OF_SCOPE);
        assertThat(unscoped.headers().firstValue("Switchboard-Fetch")).hasValue("network");
        assertThat(unscoped.body()).contains("https://shop.example/app/index.html");
    }

    /** The broker and the member in the launcher, and every service: all on 127.0.0.1, none on another address. */
    private static void everySocketListensOnLoopbackOnly(Process launcher, List<ProcessHandle> children, int gateway)
            throws Exception {
        List<Long> pids = new ArrayList<>(List.of(launcher.pid()));
        children.forEach(child -> pids.add(child.pid()));
        List<ListeningSockets.Socket> sockets = ListeningSockets.of(pids);
        assertThat(sockets)
                .as("the broker, the member and four HTTP servers listen")
                .hasSizeGreaterThanOrEqualTo(6);
        assertThat(sockets)
                .allSatisfy(socket ->
                        assertThat(socket.loopback()).as(socket.toString()).isTrue());
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    try (Socket probe = new Socket()) {
                        assertThatThrownBy(() -> probe.connect(new InetSocketAddress(address, gateway), 2000))
                                .as("the gateway on " + address)
                                .isInstanceOf(IOException.class);
                    }
                }
            }
        }
    }

    private static void sseRoundTrip(int gateway, int cache, String adminToken) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (TestEventSource stream = TestEventSource.open(URI.create("http://127.0.0.1:" + gateway + "/sse"))) {
            JsonNode welcome = Frames.parse(stream.events().next(WAIT).data());
            String clientId = welcome.get("clientId").asText();
            HttpRequest lookup = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + cache + "/clients/" + clientId))
                    .timeout(WAIT)
                    .build();
            assertThat(http.send(lookup, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("the registry needs a token")
                    .isEqualTo(401);
            HttpResponse<String> registered = http.send(
                    HttpRequest.newBuilder(lookup, (name, value) -> true)
                            .header("Authorization", "Bearer " + adminToken)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(registered.body()).as("cache-service sees the client").contains("\"transport\":\"sse\"");

            HttpResponse<String> accepted = http.send(
                    HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + gateway + "/clients/" + clientId + "/messages"))
                            .timeout(WAIT)
                            .header("Content-Type", "application/json")
                            .header("Authorization", Frames.proof(welcome).get("Authorization"))
                            .POST(HttpRequest.BodyPublishers.ofString(Frames.message("hello from sse")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).isEqualTo(202);
            TestEventSource.Event reply =
                    stream.events().nextMatching(e -> e.type().equals("message"), WAIT);
            assertThat(Frames.parse(reply.data()).get("data").get("echo").asText())
                    .isEqualTo("hello from sse");
        }
    }

    private static void read(Process launcher, List<String> output, CompletableFuture<Void> upLine) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
                if (line.contains("Press Ctrl-C to stop")) {
                    upLine.complete(null);
                }
                if (line.contains("did not start")) {
                    upLine.completeExceptionally(new AssertionError("launcher failed: " + output));
                }
            }
        } catch (Exception e) {
            upLine.completeExceptionally(e);
        }
        upLine.completeExceptionally(new AssertionError("launcher ended early: " + output));
    }

    private static int port(Pattern pattern, String banner) {
        return Integer.parseInt(match(pattern, banner));
    }

    private static String match(Pattern pattern, String banner) {
        Matcher matcher = pattern.matcher(banner);
        assertThat(matcher.find()).as(pattern + " in banner").isTrue();
        return matcher.group(1);
    }
}
