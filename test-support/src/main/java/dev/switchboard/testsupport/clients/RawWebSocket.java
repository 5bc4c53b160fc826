package dev.switchboard.testsupport.clients;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket peer at the frame level, for what a polite client never does: it sends the handshake headers it
 * is given (any Origin), reports the handshake status, and then reads frames without ever answering a ping.
 */
public final class RawWebSocket implements AutoCloseable {

    /** A frame as received: opcode (0x1 text, 0x2 binary, 0x8 close, 0x9 ping, 0xA pong) and payload. */
    public record Frame(int opcode, byte[] payload) {

        /** For a close frame: the status code it carries. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final int status;

    private RawWebSocket(Socket socket, DataInputStream in, int status) {
        this.socket = socket;
        this.in = in;
        this.status = status;
    }

    /** Sends the upgrade request for {@code path} with {@code headers} and reads the response head. */
    public static RawWebSocket connect(String host, int port, String path, Map<String, String> headers)
            throws IOException {
        return connect(host, port, path, headers, 0);
    }

    /**
     * The same with a fixed kernel receive buffer ({@code SO_RCVBUF}, 0 for the OS default): a peer that
     * stops reading then holds little in its own kernel, so the server's bounds are what fills.
     */
    public static RawWebSocket connect(
            String host, int port, String path, Map<String, String> headers, int receiveBufferBytes)
            throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new java.net.InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(10_000);
        StringBuilder request = new StringBuilder()
                .append("GET ")
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(host)
                .append(':')
                .append(port)
                .append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                .append("Sec-WebSocket-Key: ")
                .append(Base64.getEncoder().encodeToString(randomBytes(16)))
                .append("\r\n");
        headers.forEach(
                (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        OutputStream out = socket.getOutputStream();
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        String head = readHead(in);
        int status = Integer.parseInt(head.split(" ", 3)[1]);
        return new RawWebSocket(socket, in, status);
    }

    /** The HTTP status of the handshake: 101 when the upgrade was accepted. */
    public int status() {
        return status;
    }

    /** The next frame, or null if none came within {@code timeout}; a closed connection is an IOException. */
    public Frame read(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame(first & 0x0f, payload);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /**
     * Sends an unsolicited pong (RFC 6455 allows one as a heartbeat): a peer that keeps the connection alive
     * without reading anything.
     */
    public void sendPong() throws IOException {
        sendFrame(0xA, new byte[0]);
    }

    /** Sends one masked text frame (a short one: at most 125 bytes), never answering the server's pings. */
    public void sendText(String text) throws IOException {
        sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One final, masked frame of {@code opcode} with a payload of at most 125 bytes (a one-byte length). */
    private synchronized void sendFrame(int opcode, byte[] payload) throws IOException {
        if (payload.length > 125) {
            throw new IllegalArgumentException("a short frame carries at most 125 bytes");
        }
        byte[] mask = randomBytes(4);
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) (0x80 | opcode);
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        OutputStream out = socket.getOutputStream();
        out.write(frame);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Reads an HTTP response's status line and headers, up to and including the blank line that ends them. */
    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
