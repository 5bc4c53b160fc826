package dev.switchboard.testsupport.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of a server, whose open connections a test can cut at once: what a client
 * sees when its network drops. New connections are still accepted afterwards, so the client can come back. In
 * front of several servers it is a load balancer: each new connection goes to the next one in turn that accepts
 * it, so a server that died is passed over (what a client behind a balancer sees when a node dies).
 */
public final class CuttableProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Integer> targetPorts;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();

    public CuttableProxy(int targetPort) {
        this(List.of(targetPort));
    }

    public CuttableProxy(List<Integer> targetPorts) {
        this.targetPorts = List.copyOf(targetPorts);
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far (a client that reconnected counts twice). */
    public int accepted() {
        return accepted.get();
    }

    /** Closes every connection open now, both ways. */
    public void cutAll() {
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        open.clear();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = connect();
                if (server == null) {
                    client.close();
                    continue;
                }
                accepted.incrementAndGet();
                open.add(client);
                open.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                // listener closed, or the target refused: the client sees a dropped connection
            }
        }
    }

    /** A connection to the next target that accepts one, or null when none does. */
    private Socket connect() {
        for (int tried = 0; tried < targetPorts.size(); tried++) {
            int port = targetPorts.get(Math.floorMod(next.getAndIncrement(), targetPorts.size()));
            try {
                return new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (IOException refused) {
                // that server is gone: the next one
            }
        }
        return null;
    }

    private static void pump(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException e) {
                        // cut
                    } finally {
                        try {
                            from.close();
                            to.close();
                        } catch (IOException ignored) {
                            // already closed
                        }
                    }
                },
                "proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cutAll();
    }
}
