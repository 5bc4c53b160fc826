package dev.switchboard.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets some processes listen on, as the kernel has them (Linux {@code /proc}): each process's socket
 * inodes from {@code /proc/<pid>/fd}, matched with the listening entries of {@code /proc/net/tcp} and {@code tcp6}.
 */
final class ListeningSockets {

    /** One listening socket: its local address and port, and the process that holds it. */
    record Socket(InetAddress address, int port, long pid) {

        boolean loopback() {
            return address.isLoopbackAddress();
        }
    }

    private static final String LISTEN = "0A";

    private ListeningSockets() {}

    static List<Socket> of(List<Long> pids) {
        List<Socket> sockets = new ArrayList<>();
        for (long pid : pids) {
            Set<String> inodes = socketInodes(pid);
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                for (String line : lines(Path.of(table))) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 9 && LISTEN.equals(fields[3]) && inodes.contains(fields[9])) {
                        String[] local = fields[1].split(":");
                        sockets.add(new Socket(address(local[0]), Integer.parseInt(local[1], 16), pid));
                    }
                }
            }
        }
        return sockets;
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while we listed them
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the sockets of process " + pid, e);
        }
        return inodes;
    }

    /** The kernel writes addresses as 32-bit words in host (little-endian) order, in hex. */
    private static InetAddress address(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address: " + hex, e);
        }
    }

    private static List<String> lines(Path table) {
        try {
            if (!Files.exists(table)) {
                return List.of();
            }
            List<String> all = Files.readAllLines(table);
            return all.subList(1, all.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
