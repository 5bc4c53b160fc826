package dev.switchboard.testsupport.clients;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.testsupport.TestTokens;

/**
 * The requests an HTTP server refuses before any of a service's handlers runs, sent over a raw socket (an HTTP
 * client would not send them): a body past a limit (declared, or chunked without a length), whose answer is read as
 * {@link ProblemBodies} reads a problem; and a request line or headers past the HTTP decoder's limits, or a
 * request line that is not HTTP, which Vert.x answers before Quarkus sees the request (docs/errors.md). Every
 * service's problems test sends them and expects {@link #EXPECTED}.
 */
public final class ServerRefusals {

    /** Past Quarkus' default {@code max-initial-line-length} (4096). */
    private static final int LONG_URI = 8_192;
    /** Past Quarkus' default {@code max-header-size} (20K). */
    private static final int LARGE_HEADER = 32_768;

    private static final int TIMEOUT_MILLIS = 30_000;

    private static final String DECLARED = "a body declared past the limit";
    private static final String CHUNKED = "a chunked body past the limit";
    private static final String LONG_URI_REQUEST = "a request line past the limit";
    private static final String LARGE_HEADERS_REQUEST = "headers past the limit";
    private static final String NOT_HTTP_REQUEST = "a request line that is not HTTP";

    private ServerRefusals() {}

    /**
     * What every service answers, by request: a body past the limit is a {@code too-large} problem whether its
     * length is declared (refused from the headers) or it comes chunked; what the HTTP decoder refuses gets its
     * status only — 414 for a request line past {@code max-initial-line-length}, 431 for headers past
     * {@code max-header-size}, 400 for a line that is not HTTP — as Vert.x answers it before Quarkus sees the
     * request.
     */
    public static final Map<String, String> EXPECTED = expected();

    /**
     * Sends each request of {@link #EXPECTED}: the bodies as POSTs to {@code bodyPath} with {@code headers} (a
     * credential that may post there, say), {@code declaredBytes} declared and not sent, {@code chunkedBytes} sent
     * chunked. A body's answer is its status and problem code (an {@link AssertionError} when it is no problem).
     */
    public static Map<String, String> answers(
            URI base, String bodyPath, Map<String, String> headers, long declaredBytes, long chunkedBytes) {
        Map<String, String> answers = new LinkedHashMap<>();
        answers.put(DECLARED, problem(largeBody(base, bodyPath, headers, declaredBytes, false)));
        answers.put(CHUNKED, problem(largeBody(base, bodyPath, headers, chunkedBytes, true)));
        answers.put(LONG_URI_REQUEST, String.valueOf(longUri(base).status()));
        answers.put(LARGE_HEADERS_REQUEST, String.valueOf(largeHeaders(base).status()));
        answers.put(NOT_HTTP_REQUEST, String.valueOf(malformedRequestLine(base).status()));
        return answers;
    }

    /** The headers of a JSON body posted with {@code token} as its bearer token. */
    public static Map<String, String> jsonWithToken(String token) {
        return Map.of("Content-Type", "application/json", "Authorization", TestTokens.bearer(token));
    }

    private static Map<String, String> expected() {
        String tooLarge = ProblemType.TOO_LARGE.status() + " " + ProblemType.TOO_LARGE.code();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(DECLARED, tooLarge);
        expected.put(CHUNKED, tooLarge);
        expected.put(LONG_URI_REQUEST, "414");
        expected.put(LARGE_HEADERS_REQUEST, "431");
        expected.put(NOT_HTTP_REQUEST, "400");
        return Collections.unmodifiableMap(expected);
    }

    private static String problem(Answer answer) {
        ProblemType type =
                ProblemBodies.typeOf(answer.status(), answer.headers().getOrDefault("content-type", ""), answer.body());
        return answer.status() + " " + type.code();
    }

    /** An answer as read off the socket: its status, headers (names in lower case) and body. */
    private record Answer(int status, Map<String, String> headers, String body) {}

    private static Answer largeBody(URI base, String path, Map<String, String> headers, long bytes, boolean chunked) {
        StringBuilder head = requestLine("POST", path, base);
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (!chunked) {
            head.append("Content-Length: ").append(bytes).append("\r\n\r\n");
            return exchange(base, head.toString(), 0);
        }
        head.append("Transfer-Encoding: chunked\r\n\r\n");
        return exchange(base, head.toString(), bytes);
    }

    private static Answer longUri(URI base) {
        return exchange(base, requestLine("GET", "/" + "u".repeat(LONG_URI), base) + "\r\n", 0);
    }

    private static Answer largeHeaders(URI base) {
        return exchange(base, requestLine("GET", "/", base) + "X-Large: " + "h".repeat(LARGE_HEADER) + "\r\n\r\n", 0);
    }

    private static Answer malformedRequestLine(URI base) {
        return exchange(base, "NOT-HTTP\r\nHost: " + base.getHost() + "\r\n\r\n", 0);
    }

    private static StringBuilder requestLine(String method, String path, URI base) {
        return new StringBuilder()
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\nHost: ")
                .append(base.getHost())
                .append(':')
                .append(base.getPort())
                .append("\r\nConnection: close\r\n");
    }

    /**
     * Writes {@code head}, then {@code chunkedBytes} of body in chunks for as long as the server reads (it may
     * answer and close before the end), and reads the answer until the server closes the connection.
     */
    private static Answer exchange(URI base, String head, long chunkedBytes) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            try {
                writeChunks(out, chunkedBytes);
            } catch (IOException closedEarly) {
                // The server answered without reading the rest: the answer is still there to read.
            }
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A JSON document that never ends ({@code {"pad":"aaa…}), so that a parser reading it as it comes keeps going
     * until the limit stops it.
     */
    private static void writeChunks(OutputStream out, long bytes) throws IOException {
        if (bytes <= 0) {
            out.flush();
            return;
        }
        writeChunk(out, "{\"pad\":\"".getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        for (long sent = 0; sent < bytes; sent += chunk.length) {
            writeChunk(out, chunk);
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void writeChunk(OutputStream out, byte[] chunk) throws IOException {
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                read.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("the server neither answered nor closed the connection: " + read, e);
        } catch (IOException reset) {
            // A reset after the answer (the server closed with our body unread) ends it as well.
            if (read.size() == 0) {
                throw reset;
            }
        }
        return read.toByteArray();
    }

    private static Answer parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("no HTTP answer, only: '" + text + "'");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        String body = new String(bytes, end + 4, bytes.length - end - 4, StandardCharsets.UTF_8);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunked(body);
        }
        return new Answer(status, headers, body);
    }

    private static String unchunked(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).strip(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
