package dev.switchboard.gateway.fetch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.contract.event.FetchMessages;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.EventBodies;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.security.AdmissionHandler;
import dev.switchboard.gateway.security.Principal;
import dev.switchboard.gateway.service.ClientDirectory;
import dev.switchboard.gateway.service.EventPublisher;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Fetch interception (docs/fetch.md). A request under {@code fetch.path} is the URL {@code fetch.origin + path}.
 * It is admitted like every client request (Origin, credential); a request that names a client (header or cookie)
 * must come from that client's user — 401 without a credential, 403 with another user's — since a client acts
 * only as itself. The gateway's own credentials (the {@code Authorization} header, its token and client cookies)
 * are taken out before the request goes to a worker (Kafka) or an upstream. The bodies the path holds are bounded
 * by {@code fetch.max-buffered-bytes} (503 beyond). Then:
 * <ol>
 * <li>outside every registration's scope: to {@code fetch.default-upstream} (404 when none);</li>
 * <li>in a scope, from no client, a client this node cannot find, or a client the registration's active version
 * does not control (as in the browser: not intercepted until claimed): to the registration's upstream;</li>
 * <li>controlled, once the version is activated, a GET a declared route takes and the cache can answer: the
 * fast path;</li>
 * <li>otherwise a fetch event for the controlling version through Kafka, answered by the worker, or by the
 * upstream when it does not call {@code respondWith}; with no answer within {@code fetch.timeout}, the timeout
 * fallback.</li>
 * </ol>
 */
@ApplicationScoped
public class FetchHandler implements Handler<RoutingContext> {

    private final GatewayConfig.Fetch config;
    private final String origin;
    private final RegistrationScopes scopes;
    private final ClientDirectory directory;
    private final FastPath fastPath;
    private final PendingFetches pending;
    private final EventPublisher publisher;
    private final UpstreamForwarder upstream;
    private final Vertx vertx;
    private final FetchOutcomes outcomes;
    private final EventBodies bodies;
    private final FetchMemory memory;
    private final Set<String> ownCookies;

    public FetchHandler(
            GatewayConfig config,
            RegistrationScopes scopes,
            ClientDirectory directory,
            FastPath fastPath,
            PendingFetches pending,
            EventPublisher publisher,
            UpstreamForwarder upstream,
            Vertx vertx,
            MeterRegistry meters,
            EventBodies bodies) {
        this.config = config.fetch();
        this.memory = new FetchMemory(this.config.maxBufferedBytes(), meters);
        this.ownCookies = Set.of(config.security().tokenCookie(), this.config.clientCookie());
        this.origin = this.config.origin().map(FetchHandler::withoutSlash).orElse("");
        this.scopes = scopes;
        this.directory = directory;
        this.fastPath = fastPath;
        this.pending = pending;
        this.publisher = publisher;
        this.upstream = upstream;
        this.vertx = vertx;
        this.outcomes = new FetchOutcomes(meters);
        this.bodies = bodies;
    }

    /**
     * Route handler before the body is read: reserves the request body's bytes ({@code Content-Length}, or
     * {@code fetch.max-body-bytes} for a chunked body) until the response ends; 503 when they do not fit. The
     * request's time is measured from here.
     */
    public Handler<RoutingContext> bodyReservation() {
        return context -> {
            outcomes.start(context);
            long bytes = bodyBytes(context.request());
            if (!memory.tryReserve(bytes)) {
                outcomes.record(context, "memory-503");
                FetchReplies.error(
                        context,
                        ProblemType.NOT_ACCEPTED,
                        "too many request bodies held on this node, retry",
                        "gateway");
                return;
            }
            context.addEndHandler(ended -> memory.release(bytes));
            context.next();
        };
    }

    private long bodyBytes(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                // Larger bodies are refused by the body handler (413) as soon as they pass the limit.
                return Math.min(Math.max(0, Long.parseLong(length.trim())), config.maxBodyBytes() + 1L);
            } catch (NumberFormatException e) {
                return config.maxBodyBytes();
            }
        }
        return request.headers().contains(HttpHeaders.TRANSFER_ENCODING) ? config.maxBodyBytes() : 0;
    }

    @Override
    public void handle(RoutingContext context) {
        FetchMessages.Request request = request(context);
        Principal principal = AdmissionHandler.principal(context);
        if (request.clientId().isEmpty()) {
            route(context, request, null);
            return;
        }
        directory.find(request.clientId()).whenComplete((client, failure) -> {
            if (failure instanceof ClientDirectory.RegistryBusyException) {
                outcomes.record(context, "refused");
                FetchReplies.error(
                        context, ProblemType.NOT_ACCEPTED, "too many requests waiting on this node", "gateway");
            } else if (failure != null) {
                outcomes.record(context, "registry-failed");
                Log.warnf("client registry lookup for %s failed: %s", request.clientId(), failure.getMessage());
                FetchReplies.error(context, ProblemType.NOT_ACCEPTED, "the client registry did not answer", "gateway");
            } else if (client != null && !principal.owns(client.userId())) {
                refuseForeignClient(context, principal, request.clientId());
            } else {
                route(context, request, client);
            }
        });
    }

    private void refuseForeignClient(RoutingContext context, Principal principal, String clientId) {
        outcomes.record(context, "forbidden");
        if (principal == Principal.NOBODY) {
            FetchReplies.error(
                    context,
                    ProblemType.UNAUTHORIZED,
                    "a credential is required to act as client " + clientId,
                    "gateway");
        } else {
            FetchReplies.error(context, ProblemType.FORBIDDEN, "client " + clientId + " is not yours", "gateway");
        }
    }

    /** {@code client}: the request's own client (its user's), or null when it names none or one not connected. */
    private void route(RoutingContext context, FetchMessages.Request request, ClientRecord client) {
        Optional<RegistrationScopes.Scoped> scoped = scopes.forUrl(request.url());
        if (scoped.isEmpty()) {
            Optional<String> fallback = config.defaultUpstream();
            if (fallback.isEmpty()) {
                outcomes.record(context, "unscoped-404");
                FetchReplies.error(
                        context,
                        ProblemType.OUT_OF_SCOPE,
                        "no registration's scope contains " + request.url(),
                        "network");
            } else {
                network(context, request, fallback.get(), "unscoped");
            }
            return;
        }
        RegistrationRecord registration = scoped.get().record();
        if (registration.activeVersion().isEmpty() || !controls(registration, client)) {
            network(context, request, registration.upstreamOrigin(), "uncontrolled");
        } else {
            intercept(context, request, scoped.get());
        }
    }

    private static boolean controls(RegistrationRecord registration, ClientRecord client) {
        return client != null
                && !client.controller().isEmpty()
                && client.controller().equals(registration.activeVersion());
    }

    private void intercept(RoutingContext context, FetchMessages.Request request, RegistrationScopes.Scoped scoped) {
        RegistrationRecord registration = scoped.record();
        CacheRequest cacheRequest = FetchReplies.cacheRequest(request);
        if (!registration.isActivated(registration.activeVersion())
                || scoped.routes().router().findRoute(cacheRequest).isEmpty()) {
            handlerPath(context, request, registration);
            return;
        }
        onContext(fastPath.lookup(scoped, cacheRequest), (hit, failure) -> {
            if (hit != null && hit.isPresent()) {
                outcomes.record(context, "fast-path");
                FetchReplies.write(context, FetchReplies.of(hit.get()), "fast-path");
            } else {
                handlerPath(context, request, registration);
            }
        });
    }

    private void handlerPath(RoutingContext context, FetchMessages.Request request, RegistrationRecord registration) {
        if (bodies.inline(request.body())) {
            handlerPath(context, request, request, registration);
            return;
        }
        // Too large for the event's record: the body waits in the grid, the event carries its id.
        onContext(bodies.put(request.body()), (ref, failure) -> {
            if (failure != null) {
                outcomes.record(context, "publish-failed");
                FetchReplies.error(
                        context,
                        ProblemType.NOT_ACCEPTED,
                        "the request body could not be stored for the worker",
                        "gateway");
            } else {
                handlerPath(context, request, request.withBodyRef(ref), registration);
            }
        });
    }

    /** {@code sent} is what the event carries; {@code request} (with its body) is what a fallback sends upstream. */
    private void handlerPath(
            RoutingContext context,
            FetchMessages.Request request,
            FetchMessages.Request sent,
            RegistrationRecord registration) {
        CloudEvent event = publisher.fetchEvent(registration.id(), registration.activeVersion(), sent);
        CompletableFuture<FetchMessages.Response> answer = pending.await(event.getId());
        if (answer == null) {
            outcomes.record(context, "refused");
            FetchReplies.error(
                    context, ProblemType.NOT_ACCEPTED, "too many fetch events waiting on this node", "gateway");
            return;
        }
        long timer = vertx.setTimer(config.timeout().toMillis(), fired -> answer.completeExceptionally(new TimedOut()));
        publisher
                .publishFetch(event, request.clientId())
                .subscribe()
                .with(published -> {}, failure -> answer.completeExceptionally(failure));
        onContext(answer, (response, failure) -> {
            vertx.cancelTimer(timer);
            if (failure instanceof TimedOut) {
                timedOut(context, request, registration);
            } else if (failure != null) {
                outcomes.record(context, "publish-failed");
                Log.warnf("fetch event %s not published: %s", event.getId(), failure.getMessage());
                FetchReplies.error(
                        context, ProblemType.NOT_ACCEPTED, "the fetch event could not be published", "gateway");
            } else if (!response.handled()) {
                network(context, request, registration.upstreamOrigin(), "not-handled");
            } else {
                outcomes.record(context, "worker");
                FetchReplies.write(context, response, "worker");
            }
        });
    }

    private void timedOut(RoutingContext context, FetchMessages.Request request, RegistrationRecord registration) {
        boolean safe = "GET".equals(request.method()) || "HEAD".equals(request.method());
        if (safe && config.timeoutFallback() == GatewayConfig.TimeoutFallback.NETWORK) {
            network(context, request, registration.upstreamOrigin(), "timeout");
        } else {
            outcomes.record(context, "timeout-504");
            FetchReplies.error(
                    context,
                    ProblemType.WORKER_TIMEOUT,
                    "the service worker did not answer within " + config.timeout(),
                    "worker");
        }
    }

    /**
     * Relays the request to {@code upstreamOrigin}, same path and query, once the largest answer it may get
     * ({@code fetch.max-response-bytes}) fits in the fetch path's memory; 503 when it does not.
     */
    private void network(RoutingContext context, FetchMessages.Request request, String upstreamOrigin, String reason) {
        long answerBytes = config.maxResponseBytes();
        if (!memory.tryReserve(answerBytes)) {
            outcomes.record(context, "memory-503");
            FetchReplies.error(
                    context,
                    ProblemType.NOT_ACCEPTED,
                    "too many upstream answers awaited on this node, retry",
                    "gateway");
            return;
        }
        outcomes.record(context, reason);
        String url = withoutSlash(upstreamOrigin) + request.url().substring(origin.length());
        upstream.forward(request.method(), url, request.headers(), request.body())
                .onComplete(result -> {
                    memory.release(answerBytes);
                    if (result.succeeded()) {
                        FetchReplies.write(context, result.result(), "network");
                    } else {
                        Log.debugf("upstream %s failed: %s", url, result.cause().getMessage());
                        FetchReplies.error(
                                context,
                                ProblemType.UPSTREAM_UNAVAILABLE,
                                "the upstream origin did not answer: "
                                        + result.cause().getMessage(),
                                "network");
                    }
                });
    }

    private FetchMessages.Request request(RoutingContext context) {
        String clientId = context.request().getHeader(config.clientHeader());
        if (clientId == null || clientId.isBlank()) {
            Cookie cookie = context.request().getCookie(config.clientCookie());
            clientId = cookie == null ? "" : cookie.getValue();
        }
        byte[] body = context.body() == null || context.body().buffer() == null
                ? new byte[0]
                : context.body().buffer().getBytes();
        List<FetchMessages.Header> headers =
                withoutCredentials(FetchReplies.headers(context.request().headers()));
        return new FetchMessages.Request(
                context.request().method().name(), origin + context.request().uri(), headers, body, clientId.trim());
    }

    /**
     * The request's headers without what authenticated it to the gateway: neither a worker (through Kafka) nor an
     * upstream ever sees the caller's token or the gateway's cookies.
     */
    private List<FetchMessages.Header> withoutCredentials(List<FetchMessages.Header> headers) {
        List<FetchMessages.Header> kept = new ArrayList<>(headers.size());
        for (FetchMessages.Header header : headers) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if ("authorization".equals(name)) {
                continue;
            }
            if ("cookie".equals(name)) {
                String others = Arrays.stream(header.value().split(";"))
                        .map(String::trim)
                        .filter(cookie -> !ownCookies.contains(cookie.split("=", 2)[0]) && !cookie.isEmpty())
                        .collect(Collectors.joining("; "));
                if (!others.isEmpty()) {
                    kept.add(new FetchMessages.Header(header.name(), others));
                }
                continue;
            }
            kept.add(header);
        }
        return kept;
    }

    /** Continues on the caller's Vert.x context: futures complete on Hazelcast's, Kafka's or the executor's threads. */
    private static <T> void onContext(CompletionStage<T> stage, BiConsumer<T, Throwable> then) {
        Context caller = Vertx.currentContext();
        stage.whenComplete((value, failure) -> {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (caller == null) {
                then.accept(value, cause);
            } else {
                caller.runOnContext(ignored -> then.accept(value, cause));
            }
        });
    }

    private static String withoutSlash(String origin) {
        return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    }

    /** The worker did not answer within {@code fetch.timeout}. */
    private static final class TimedOut extends RuntimeException {
        TimedOut() {
            super(null, null, false, false);
        }
    }
}
