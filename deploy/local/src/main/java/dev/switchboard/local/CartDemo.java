package dev.switchboard.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

/**
 * {@code --demo}: publishes the cart worker bundle (module demo/cart) through worker-service's admin API and
 * registers it for the gateway's {@code /demo/cart/}, where the gateway serves the cart page (docs/demo.md).
 */
final class CartDemo {

    private static final Logger LOG = Logger.getLogger(CartDemo.class);
    static final String PATH = "/demo/cart/";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern ACTIVE = Pattern.compile("\"activeState\"\\s*:\\s*\"activated\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI worker;
    private final String adminToken;

    CartDemo(URI worker, String adminToken) {
        this.worker = worker;
        this.adminToken = adminToken;
    }

    /** The bundle the build made: {@code demo/cart/target/switchboard-demo-cart.jar} under the repository root. */
    static Path bundle(Path home) {
        return home.resolve("demo/cart/target/switchboard-demo-cart.jar");
    }

    /** Publishes and registers the bundle for {@code gatewayOrigin + /demo/cart/}; returns once it is active. */
    String install(Path bundle, String gatewayOrigin) throws IOException, InterruptedException {
        if (!Files.isRegularFile(bundle)) {
            throw new IllegalStateException(bundle + " is missing: build the suite first (./mvnw package -DskipTests)");
        }
        String scope = gatewayOrigin + PATH;
        String script = scope + "cart-worker.jar";
        HttpResponse<String> published = send(HttpRequest.newBuilder(worker.resolve("/admin/bundles?script=" + script))
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofFile(bundle)));
        if (published.statusCode() != 200) {
            throw new IllegalStateException("the cart bundle was not published: " + published.body());
        }
        HttpResponse<String> registered = send(HttpRequest.newBuilder(worker.resolve("/admin/registrations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"scriptUrl\":\"" + script + "\",\"scope\":\"" + scope + "\"}")));
        if (registered.statusCode() != 200) {
            throw new IllegalStateException("the cart worker was not registered: " + registered.body());
        }
        String id = field(registered.body(), "id");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!ACTIVE.matcher(send(HttpRequest.newBuilder(worker.resolve("/admin/registrations/" + id))
                                .GET())
                        .body())
                .find()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cart worker did not activate within " + WAIT);
            }
            Thread.sleep(200);
        }
        LOG.infof("cart demo: worker %s active for %s", field(published.body(), "digest"), scope);
        return scope;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(
                request.timeout(WAIT)
                        .header("Authorization", "Bearer " + adminToken)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A string field of a small JSON answer of the admin API. */
    private static String field(String json, String name) {
        Matcher value = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!value.find()) {
            throw new IllegalStateException("no " + name + " in the admin API's answer: " + json);
        }
        return value.group(1);
    }
}
