package dev.switchboard.worker.event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.Headers;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.FetchMessages;
import dev.switchboard.contract.event.InvalidEventException;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.hazelcast.EventBodies;
import dev.switchboard.worker.api.FetchEvent;
import dev.switchboard.worker.api.ServiceWorker;
import io.cloudevents.CloudEvent;

/**
 * {@code fetch}: the worker side of interception. Always answers the gateway node in {@code replyto}: the
 * response given to {@code respondWith}, {@code {"handled":false}} when the handler did not call it or threw
 * (the request goes to the network, as in the browser), and a 502 when the promise given to
 * {@code respondWith} failed (the browser's network error). Bodies too large for a record travel through
 * {@link EventBodies}, both ways.
 */
public final class FetchAdapter implements EventAdapter {

    private final EventBodies bodies;
    private final Duration bodyTimeout;

    /** @param bodyTimeout how long reading a request body stored by reference may take */
    public FetchAdapter(EventBodies bodies, Duration bodyTimeout) {
        this.bodies = bodies;
        this.bodyTimeout = bodyTimeout;
    }

    @Override
    public String eventType() {
        return EventTypes.FETCH_REQUEST;
    }

    @Override
    public String kind() {
        return "fetch";
    }

    @Override
    public boolean waitsForActivation() {
        return true;
    }

    @Override
    public boolean answersFailures() {
        return true;
    }

    @Override
    public EventContext open(CloudEvent event, EventContext.Seed seed) {
        replyTo(event);
        FetchMessages.Request request = FetchMessages.decodeRequest(SwitchboardEvents.data(event));
        if (request.bodyRef() != null) {
            request = request.withBody(storedBody(request.bodyRef()));
        }
        return new Fetch(seed, request);
    }

    private byte[] storedBody(String ref) {
        try {
            byte[] body = bodies.take(ref).toCompletableFuture().get(bodyTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (body == null) {
                throw new InvalidEventException(
                        "the request body " + ref + " is gone (expired before the worker read it)");
            }
            return body;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a request body", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the request body " + ref + " could not be read", e);
        }
    }

    @Override
    public void call(ServiceWorker worker, EventContext event) {
        worker.onFetch((FetchEvent) event);
    }

    @Override
    public CompletionStage<List<CloudEvent>> outcome(
            CloudEvent event, EventContext context, Optional<Throwable> failure) {
        Fetch fetch = (Fetch) context;
        List<CloudEvent> outgoing = new ArrayList<>(failure.isPresent() ? List.of() : context.posted());
        return answer(fetch, failure).thenApply(answer -> {
            outgoing.add(FetchMessages.responseEvent(context.producer(), replyTo(event), event.getId(), answer));
            return outgoing;
        });
    }

    private CompletionStage<FetchMessages.Response> answer(Fetch fetch, Optional<Throwable> failure) {
        if (fetch.response == null || (failure.isPresent() && !fetch.response.isDone())) {
            return CompletableFuture.completedFuture(FetchMessages.Response.NOT_HANDLED);
        }
        if (fetch.response.isCompletedExceptionally()) {
            // A rejected respondWith is a network error for the page, as in the browser; the gateway answers 502.
            return CompletableFuture.completedFuture(
                    FetchMessages.Response.of(0, "respondWith failed", List.of(), new byte[0]));
        }
        CacheResponse response = fetch.response.join();
        FetchMessages.Response answer = FetchMessages.Response.of(
                response.status(),
                response.statusText(),
                response.headers().fields().stream()
                        .map(field -> new FetchMessages.Header(field.getKey(), field.getValue()))
                        .toList(),
                response.body());
        if (bodies.inline(answer.body())) {
            return CompletableFuture.completedFuture(answer);
        }
        return bodies.put(answer.body()).thenApply(answer::withBodyRef);
    }

    private static String replyTo(CloudEvent event) {
        return SwitchboardEvents.extension(event, EventExtensions.REPLY_TO)
                .orElseThrow(
                        () -> new InvalidEventException("fetch event " + event.getId() + " names no replyto node"));
    }

    private static final class Fetch extends EventContext implements FetchEvent {

        private final FetchMessages.Request request;
        private CompletableFuture<CacheResponse> response;

        Fetch(EventContext.Seed seed, FetchMessages.Request request) {
            super(seed);
            this.request = request;
        }

        @Override
        public CacheRequest request() {
            return new CacheRequest(
                    request.method(),
                    request.url(),
                    Headers.of(request.headers().stream()
                            .map(header -> Map.entry(header.name(), header.value()))
                            .toList()));
        }

        @Override
        public byte[] body() {
            return request.body().clone();
        }

        @Override
        public String clientId() {
            return request.clientId();
        }

        @Override
        public EventUser user() {
            return EventUser.ofClient(request.clientId());
        }

        @Override
        public synchronized void respondWith(CompletionStage<CacheResponse> promise) {
            if (response != null) {
                throw new IllegalStateException("InvalidStateError: respondWith was already called");
            }
            response = promise.toCompletableFuture();
            waitUntil(promise);
        }
    }
}
