package dev.switchboard.testsupport.clients;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** A real SSE client for tests: reads {@code text/event-stream} over HTTP and queues each complete event. */
public final class TestEventSource implements AutoCloseable {

    /** One event as the browser's EventSource would dispatch it ({@code type} defaults to "message"). */
    public record Event(String type, String id, String data) {}

    private final FrameQueue<Event> events = new FrameQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger comments = new java.util.concurrent.atomic.AtomicInteger();
    private final CompletableFuture<HttpResponse<Void>> response;
    private volatile Flow.Subscription subscription;

    private TestEventSource(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .GET();
        headers.forEach(request::header);
        response = HttpClient.newHttpClient()
                .sendAsync(request.build(), HttpResponse.BodyHandlers.fromLineSubscriber(new Parser()));
    }

    public static TestEventSource open(URI uri) {
        return new TestEventSource(uri, Map.of());
    }

    /** Opens the stream sending extra request headers ({@code Last-Event-ID}, {@code Authorization}, ...). */
    public static TestEventSource open(URI uri, Map<String, String> headers) {
        return new TestEventSource(uri, headers);
    }

    public FrameQueue<Event> events() {
        return events;
    }

    /** Comment lines (keep-alives) received so far. */
    public int comments() {
        return comments.get();
    }

    public CompletableFuture<HttpResponse<Void>> response() {
        return response;
    }

    @Override
    public void close() {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
        response.cancel(true);
    }

    private final class Parser implements Flow.Subscriber<String> {

        private String type;
        private String id;
        private StringBuilder data;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            TestEventSource.this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new Event(type == null ? "message" : type, id, data.toString()));
                }
                type = null;
                id = null;
                data = null;
                return;
            }
            if (line.startsWith(":")) {
                comments.incrementAndGet();
                return;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
            switch (field) {
                case "event" -> type = value;
                case "id" -> id = value;
                case "data" ->
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                default -> {
                    // retry: and unknown fields carry nothing a test reads
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            // The stream ended (or was cancelled); tests see it as no more events.
        }

        @Override
        public void onComplete() {
            // Same as above.
        }
    }
}
