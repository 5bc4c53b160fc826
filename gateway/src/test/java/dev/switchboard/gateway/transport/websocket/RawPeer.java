package dev.switchboard.gateway.transport.websocket;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import dev.switchboard.testsupport.clients.RawWebSocket;

/**
 * A WebSocket peer written for these tests over a plain {@link Socket}: it writes whatever bytes a test builds —
 * any handshake, any frame, legal or not ({@link #frame}) — and reads the server's frames one by one. It answers
 * pings only while it reads and only if told to, so a test decides whether it is a live peer or a stalled one.
 */
final class RawPeer implements AutoCloseable {

    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CONTINUATION = 0x0;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** A frame from the server; {@code opcode} -1 means the server closed the TCP connection instead. */
    record Frame(int opcode, byte[] payload) {

        static final Frame END_OF_STREAM = new Frame(-1, new byte[0]);

        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int status;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private boolean answerPings = true;

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens a TCP connection and sends nothing. */
    static RawPeer open(String host, int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(10_000);
        return new RawPeer(socket);
    }

    /** A correct RFC 6455 handshake for {@code path}, with a fresh key. */
    static String handshake(String host, int port, String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + key(16) + "\r\n\r\n";
    }

    /** A base64 key of {@code bytes} random bytes (16 is the only valid length). */
    static String key(int bytes) {
        byte[] key = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Opens a connection and upgrades it with a correct handshake. */
    static RawPeer upgrade(String host, int port, String path) throws IOException {
        RawPeer peer = open(host, port);
        peer.sendHandshake(handshake(host, port, path));
        return peer;
    }

    /** Sends {@code request} as is and reads the response's status line and headers. */
    RawPeer sendHandshake(String request) throws IOException {
        write(request.getBytes(StandardCharsets.ISO_8859_1));
        String[] lines = RawWebSocket.readHead(in).split("\r\n");
        status = Integer.parseInt(lines[0].split(" ", 3)[1]);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).trim(),
                        lines[i].substring(colon + 1).trim());
            }
        }
        return this;
    }

    int status() {
        return status;
    }

    String header(String name) {
        return headers.get(name);
    }

    /** Stops answering pings: a peer that only reads. */
    RawPeer silent() {
        answerPings = false;
        return this;
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** A masked, final text frame (what a polite client sends). */
    static byte[] text(String text) {
        return frame(true, 0, TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A frame with the minimal length encoding (RFC 6455 section 5.2). */
    static byte[] frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
        return frame(fin, rsv, opcode, masked, payload.length, payload);
    }

    /**
     * A frame announcing {@code declaredLength} (minimal encoding for it, 64 bits from 65536 on, which lets a test
     * set the most significant bit) and carrying {@code payload}, masked with a random key when {@code masked}.
     */
    static byte[] frame(boolean fin, int rsv, int opcode, boolean masked, long declaredLength, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(14 + payload.length);
        frame.put((byte) ((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | (opcode & 0xf)));
        int maskBit = masked ? 0x80 : 0;
        if (declaredLength >= 0 && declaredLength < 126) {
            frame.put((byte) (maskBit | declaredLength));
        } else if (declaredLength >= 0 && declaredLength < 65536) {
            frame.put((byte) (maskBit | 126)).putShort((short) declaredLength);
        } else {
            frame.put((byte) (maskBit | 127)).putLong(declaredLength);
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            frame.put(mask);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= mask[i % 4];
            }
        }
        frame.put(body);
        byte[] bytes = new byte[frame.position()];
        frame.flip().get(bytes);
        return bytes;
    }

    /** A close frame's payload: the code, then the reason's bytes. */
    static byte[] closePayload(int code, byte[] reason) {
        return ByteBuffer.allocate(2 + reason.length)
                .putShort((short) code)
                .put(reason)
                .array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    /**
     * The next frame of the server (answering pings meanwhile unless silent), {@link Frame#END_OF_STREAM} once the
     * server closed the connection, or null if nothing came within {@code timeout}.
     */
    Frame read(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            Frame frame;
            try {
                frame = readFrame();
            } catch (SocketTimeoutException e) {
                return null;
            } catch (EOFException | SocketException e) {
                return Frame.END_OF_STREAM;
            }
            if (frame.opcode() == PING && answerPings) {
                write(frame(true, 0, PONG, true, frame.payload()));
                continue;
            }
            return frame;
        }
    }

    /** The server's close frame, skipping data frames and pings; null if the connection ended without one. */
    Frame awaitClose(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Frame frame = read(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (frame == null || frame == Frame.END_OF_STREAM) {
                return null;
            }
            if (frame.opcode() == CLOSE) {
                return frame;
            }
        }
        return null;
    }

    /** True when the server closes the TCP connection within {@code timeout} (whatever it still sends first). */
    boolean awaitEndOfStream(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Frame frame = read(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (frame == Frame.END_OF_STREAM) {
                return true;
            }
            if (frame == null) {
                return false;
            }
        }
        return false;
    }

    private Frame readFrame() throws IOException {
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
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
