package dev.switchboard.gateway.fetch;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.contract.event.FetchMessages;
import dev.switchboard.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Requests the gateway does not intercept go to their upstream origin unchanged (any method, body included),
 * without blocking an event loop; the answer is bounded ({@code fetch.max-response-bytes}) and timed
 * ({@code fetch.upstream-timeout}).
 */
@ApplicationScoped
public class UpstreamForwarder {

    /** The upstream's answer was larger than {@code fetch.max-response-bytes}. */
    public static final class TooLargeException extends RuntimeException {
        TooLargeException(long limit) {
            super("the upstream answered with more than " + limit + " bytes", null, false, false);
        }
    }

    private final HttpClient client;
    private final long maxResponseBytes;
    private final long timeoutMillis;

    public UpstreamForwarder(Vertx vertx, GatewayConfig config) {
        this.timeoutMillis = config.fetch().upstreamTimeout().toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) timeoutMillis)
                .setMaxPoolSize(64).setKeepAlive(true));
        this.maxResponseBytes = config.fetch().maxResponseBytes();
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** {@code method url} with {@code headers} and {@code body}, from the upstream. */
    public Future<FetchMessages.Response> forward(String method, String url, Iterable<FetchMessages.Header> headers,
            byte[] body) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setAbsoluteURI(url)
                .setTimeout(timeoutMillis);
        return client.request(options).compose(request -> {
            headers.forEach(header -> request.headers().add(header.name(), header.value()));
            return body.length == 0 ? request.send() : request.send(Buffer.buffer(body));
        }).compose(this::read);
    }

    private Future<FetchMessages.Response> read(HttpClientResponse response) {
        Promise<FetchMessages.Response> read = Promise.promise();
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (body.length() + (long) chunk.length() > maxResponseBytes) {
                read.tryFail(new TooLargeException(maxResponseBytes));
                response.request().reset();
            } else {
                body.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(read::tryFail);
        response.endHandler(done -> read.tryComplete(FetchMessages.Response.of(response.statusCode(),
                response.statusMessage() == null ? "" : response.statusMessage(),
                FetchReplies.headers(response.headers()), body.getBytes())));
        return read.future();
    }
}
