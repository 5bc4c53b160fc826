package dev.switchboard.gateway.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.switchboard.embedded.FreePorts;

/**
 * Debian's nginx with {@code proxy_cache} in front of an upstream: the peer a user would put in front of an origin
 * to serve cache hits, for {@link FetchBenchmark}. Every path is proxied to the upstream with {@code ?bytes=N}
 * appended (so it answers {@code N} bytes, the gateway's cached body) and cached for ten minutes; two worker
 * processes, one per core, no access log. Runs as a child process with its files in a temporary directory.
 */
final class NginxProxyCache implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final Process process;

    private NginxProxyCache(Path directory, int port, Process process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    /** True when {@code nginx} is on the path (Debian package {@code nginx}). */
    static boolean installed() {
        return Processes.onPath("nginx");
    }

    static NginxProxyCache start(String upstreamOrigin, int bodyBytes) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("switchboard-nginx");
        int port = FreePorts.next();
        Files.createDirectories(directory.resolve("logs"));
        Files.writeString(
                directory.resolve("nginx.conf"),
                """
                daemon off;
                user %4$s;
                worker_processes 2;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                events { worker_connections 4096; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  proxy_cache_path %1$s/cache levels=1:2 keys_zone=bench:10m max_size=100m;
                  upstream origin { server %2$s; keepalive 16; }
                  server {
                    listen 127.0.0.1:%3$d;
                    location / {
                      proxy_cache bench;
                      proxy_cache_valid 200 10m;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_pass http://origin$uri?bytes=%5$d;
                    }
                  }
                }
                """
                        .formatted(
                                directory,
                                upstreamOrigin.replaceFirst("^https?://", ""),
                                port,
                                System.getProperty("user.name"),
                                bodyBytes));
        Process process = new ProcessBuilder(
                        "nginx",
                        "-p",
                        directory.toString(),
                        "-c",
                        directory.resolve("nginx.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("logs/stdout.log").toFile())
                .start();
        NginxProxyCache nginx = new NginxProxyCache(directory, port, process);
        nginx.awaitListening(Duration.ofSeconds(20));
        return nginx;
    }

    String origin() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitListening(Duration limit) throws IOException, InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "nginx exited: " + Files.readString(directory.resolve("logs/stdout.log"))
                                + Files.readString(directory.resolve("logs/error.log")));
            }
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        throw new IllegalStateException("nginx did not listen on " + port + " within " + limit);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy(); // SIGTERM: nginx's fast shutdown, workers included
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Processes.deleteRecursively(directory);
    }
}
