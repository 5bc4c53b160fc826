package dev.switchboard.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Every outbound HTTP request of Switchboard goes through here. Per request: the host is checked against the
 * {@link OutboundPolicy}, resolved, every address checked, and the connection made to the checked address (the
 * name stays in {@code Host} and TLS SNI and certificate checks), so a name that resolves differently a moment
 * later (DNS rebinding) reaches nothing new; redirects are followed only as the policy allows, each hop checked
 * again; the body is read up to a limit; one deadline covers resolution, connection, every hop and the body; and
 * at most {@code max-in-flight} requests run at once. Non-blocking ({@link #send}) or, off the event loop,
 * blocking ({@link #sendAndWait}).
 */
public final class OutboundHttp implements AutoCloseable {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** Slack for the blocking wait beyond the request's own deadline, which fails the request first. */
    private static final long WAIT_SLACK_MILLIS = 1000;

    private final Vertx vertx;
    private final OutboundPolicy policy;
    private final HttpClient plain;
    private final HttpClient tls;
    private final Semaphore inFlight;
    private final boolean ownsVertx;

    private OutboundHttp(Vertx vertx, OutboundPolicy policy, boolean ownsVertx) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.policy = policy;
        this.inFlight = new Semaphore(policy.maxInFlight());
        HttpClientOptions options = new HttpClientOptions()
                .setMaxPoolSize(policy.maxConnectionsPerHost())
                .setKeepAlive(true)
                .setTryUseCompression(false);
        this.plain = vertx.createHttpClient(new HttpClientOptions(options).setProtocolVersion(HttpVersion.HTTP_1_1));
        // Push services speak HTTP/2 over TLS; ALPN falls back to HTTP/1.1 for upstreams that do not.
        this.tls = vertx.createHttpClient(new HttpClientOptions(options)
                .setSsl(true)
                .setUseAlpn(true)
                .setVerifyHost(true)
                .setProtocolVersion(HttpVersion.HTTP_2));
    }

    /** On the service's Vert.x (the CDI producer does this). */
    public static OutboundHttp create(Vertx vertx, OutboundPolicy policy) {
        return new OutboundHttp(vertx, policy, false);
    }

    /** With a Vert.x of its own, closed with it: for code that runs outside a service (tests, tools). */
    public static OutboundHttp standalone(OutboundPolicy policy) {
        return new OutboundHttp(Vertx.vertx(), policy, true);
    }

    public OutboundPolicy policy() {
        return policy;
    }

    /** Requests in progress now. */
    public int inFlight() {
        return policy.maxInFlight() - inFlight.availablePermits();
    }

    /**
     * Sends {@code request}; completes with the answer, or fails with an {@link OutboundException} (refused, too
     * large, past {@code deadline}, too many in flight, or a network failure).
     */
    public Future<OutboundResponse> send(OutboundRequest request, Duration deadline, long maxBodyBytes) {
        if (!inFlight.tryAcquire()) {
            return Future.failedFuture(new OutboundException(
                    OutboundException.Kind.BUSY,
                    policy.maxInFlight() + " outbound requests are in progress (switchboard.outbound.max-in-flight)"));
        }
        Exchange exchange = new Exchange(maxBodyBytes);
        long timer = vertx.setTimer(
                Math.max(1, deadline.toMillis()),
                fired -> exchange.fail(new OutboundException(
                        OutboundException.Kind.TIMEOUT, request.url() + " did not answer within " + deadline)));
        exchange.result.future().onComplete(done -> {
            vertx.cancelTimer(timer);
            inFlight.release();
        });
        exchange.hop(request, 0);
        return exchange.result.future();
    }

    /** {@link #send}, waiting for the answer; never on an event loop. Throws {@link OutboundException}. */
    public OutboundResponse sendAndWait(OutboundRequest request, Duration deadline, long maxBodyBytes) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("a blocking outbound request on an event loop; use send()");
        }
        try {
            return send(request, deadline, maxBodyBytes)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(deadline.toMillis() + WAIT_SLACK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OutboundException outbound) {
                throw outbound;
            }
            throw new OutboundException(
                    OutboundException.Kind.FAILED, request.url() + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new OutboundException(
                    OutboundException.Kind.TIMEOUT, request.url() + " did not answer within " + deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboundException(OutboundException.Kind.FAILED, request.url() + " was interrupted", e);
        }
    }

    @Override
    public void close() {
        plain.close();
        tls.close();
        if (ownsVertx) {
            vertx.close();
        }
    }

    /** Where one hop goes. */
    private record Target(String url, String scheme, String host, int port, String pathAndQuery) {

        boolean tls() {
            return scheme.equals("https");
        }

        String origin() {
            return scheme + "://" + host + ":" + port;
        }
    }

    static Target target(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new OutboundException(
                    OutboundException.Kind.REFUSED, "outbound request refused: '" + url + "' is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("http") && !scheme.equals("https"))
                || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            throw new OutboundException(
                    OutboundException.Kind.REFUSED,
                    "outbound request refused: '" + url
                            + "' is not an absolute http(s) URL with a host and no user info");
        }
        String host = uri.getHost().startsWith("[")
                ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new Target(url, scheme, host, port, uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
    }

    /** One request and its redirects. */
    private final class Exchange {

        final Promise<OutboundResponse> result = Promise.promise();
        final long maxBodyBytes;
        volatile HttpClientRequest current;

        Exchange(long maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
        }

        void hop(OutboundRequest request, int redirects) {
            Target target;
            Optional<InetAddress> literal;
            try {
                target = target(request.url());
                literal = policy.checkHost(target.host());
            } catch (OutboundException e) {
                fail(redirects == 0 ? e : redirectRefused(request.url(), e));
                return;
            }
            Future<InetAddress> address = literal.map(Future::succeededFuture).orElseGet(() -> resolve(target.host()));
            address.onSuccess(checked -> connect(request, target, checked, redirects))
                    .onFailure(failure -> fail(
                            redirects == 0 || !(failure instanceof OutboundException outbound)
                                    ? failure
                                    : redirectRefused(request.url(), outbound)));
        }

        private Future<InetAddress> resolve(String host) {
            return vertx.executeBlocking(
                    () -> {
                        InetAddress[] addresses;
                        try {
                            addresses = InetAddress.getAllByName(host);
                        } catch (UnknownHostException e) {
                            throw new OutboundException(OutboundException.Kind.FAILED, host + " does not resolve", e);
                        }
                        return policy.checkResolved(host, addresses);
                    },
                    false);
        }

        private void connect(OutboundRequest request, Target target, InetAddress address, int redirects) {
            if (result.future().isComplete()) {
                return;
            }
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.valueOf(request.method()))
                    .setHost(target.host())
                    .setPort(target.port())
                    .setURI(target.pathAndQuery())
                    .setSsl(target.tls())
                    .setServer(SocketAddress.inetSocketAddress(target.port(), address.getHostAddress()));
            for (Map.Entry<String, String> header : request.headers()) {
                if (!OutboundHeaders.HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    options.addHeader(header.getKey(), header.getValue());
                }
            }
            (target.tls() ? tls : plain)
                    .request(options)
                    .onSuccess(http -> {
                        current = http;
                        if (result.future().isComplete()) {
                            http.reset();
                            return;
                        }
                        Future<HttpClientResponse> response =
                                request.body().length == 0 ? http.send() : http.send(Buffer.buffer(request.body()));
                        response.onSuccess(answer -> answered(request, target, answer, redirects))
                                .onFailure(this::failNetwork);
                    })
                    .onFailure(this::failNetwork);
        }

        private void answered(OutboundRequest request, Target target, HttpClientResponse response, int redirects) {
            String location = response.getHeader("Location");
            if (REDIRECTS.contains(response.statusCode()) && location != null && policy.maxRedirects() > 0) {
                response.request().reset();
                if (redirects >= policy.maxRedirects()) {
                    fail(new OutboundException(
                            OutboundException.Kind.FAILED,
                            request.url() + " redirected more than " + policy.maxRedirects()
                                    + " times (switchboard.outbound.max-redirects)"));
                    return;
                }
                redirected(request, target, response.statusCode(), location)
                        .ifPresentOrElse(
                                next -> hop(next, redirects + 1),
                                () -> fail(new OutboundException(
                                        OutboundException.Kind.REFUSED,
                                        "outbound request refused: '" + location + "', where " + request.url()
                                                + " redirects, is not an http(s) URL")));
                return;
            }
            String length = response.getHeader("Content-Length");
            if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBodyBytes) {
                response.request().reset();
                fail(tooLarge(request.url()));
                return;
            }
            Buffer body = Buffer.buffer();
            response.handler(chunk -> {
                if (body.length() + (long) chunk.length() > maxBodyBytes) {
                    fail(tooLarge(request.url()));
                    response.request().reset();
                } else {
                    body.appendBuffer(chunk);
                }
            });
            response.exceptionHandler(this::failNetwork);
            response.endHandler(done -> {
                List<Map.Entry<String, String>> headers =
                        new ArrayList<>(response.headers().size());
                response.headers().forEach(header -> headers.add(Map.entry(header.getKey(), header.getValue())));
                result.tryComplete(new OutboundResponse(
                        response.statusCode(),
                        response.statusMessage() == null ? "" : response.statusMessage(),
                        headers,
                        body.getBytes(),
                        request.url()));
            });
        }

        /** The next hop: 303 (and 301/302 of a POST, as browsers do) become a GET without body; credentials stay behind when the origin changes. */
        private Optional<OutboundRequest> redirected(
                OutboundRequest request, Target target, int status, String location) {
            URI next;
            try {
                next = new URI(target.url()).resolve(location.strip());
            } catch (URISyntaxException | IllegalArgumentException e) {
                return Optional.empty();
            }
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return Optional.empty();
            }
            boolean toGet = status == 303
                    || ((status == 301 || status == 302) && request.method().equals("POST"));
            List<Map.Entry<String, String>> headers = request.headers();
            Target nextTarget = target(next.toString());
            if (!nextTarget.origin().equals(target.origin())) {
                headers = headers.stream()
                        .filter(header -> !OutboundHeaders.CREDENTIALS.contains(
                                        header.getKey().toLowerCase(Locale.ROOT))
                                && !header.getKey().equalsIgnoreCase("cookie"))
                        .toList();
            }
            return Optional.of(
                    toGet
                            ? new OutboundRequest("GET", next.toString(), headers, new byte[0])
                            : new OutboundRequest(request.method(), next.toString(), headers, request.body()));
        }

        void fail(Throwable failure) {
            if (result.tryFail(failure)) {
                HttpClientRequest request = current;
                if (request != null) {
                    request.reset();
                }
            }
        }

        private void failNetwork(Throwable failure) {
            fail(
                    failure instanceof OutboundException
                            ? failure
                            : new OutboundException(
                                    OutboundException.Kind.FAILED,
                                    "the upstream did not answer: "
                                            + (failure.getMessage() == null
                                                    ? failure.toString()
                                                    : failure.getMessage()),
                                    failure));
        }

        private OutboundException tooLarge(String url) {
            return new OutboundException(
                    OutboundException.Kind.TOO_LARGE,
                    url + " answered with a body larger than " + maxBodyBytes + " bytes");
        }

        private OutboundException redirectRefused(String url, OutboundException why) {
            return new OutboundException(why.kind(), "redirect to " + url + ": " + why.getMessage());
        }
    }
}
