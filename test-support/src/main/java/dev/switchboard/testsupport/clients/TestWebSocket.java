package dev.switchboard.testsupport.clients;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client (the JDK's) for tests: text frames land in one queue, binary frames in another;
 * the close code is kept.
 */
public final class TestWebSocket implements AutoCloseable {

    /** One client for every socket: a test holding a thousand of them needs one selector thread, not a thousand. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final FrameQueue<String> frames = new FrameQueue<>();
    private final FrameQueue<byte[]> binaryFrames = new FrameQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;

    private TestWebSocket(URI uri, Map<String, String> headers) throws Exception {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        this.socket = builder.buildAsync(uri, new Listener()).get(15, TimeUnit.SECONDS);
    }

    public static TestWebSocket connect(URI uri) {
        return connect(uri, Map.of());
    }

    /** Opens a WebSocket sending extra handshake headers ({@code Authorization}, {@code Cookie}, ...). */
    public static TestWebSocket connect(URI uri, Map<String, String> headers) {
        try {
            return new TestWebSocket(uri, headers);
        } catch (Exception e) {
            throw new AssertionError("cannot open a WebSocket to " + uri, e);
        }
    }

    public FrameQueue<String> frames() {
        return frames;
    }

    public FrameQueue<byte[]> binaryFrames() {
        return binaryFrames;
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** The close code the server sent, once it closed the connection. */
    public CompletableFuture<Integer> closeCode() {
        return closeCode;
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
                    .orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(failure -> null)
                    .join();
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();
        private final java.io.ByteArrayOutputStream partialBinary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partialBinary.writeBytes(chunk);
            if (last) {
                binaryFrames.add(partialBinary.toByteArray());
                partialBinary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
        }
    }
}
