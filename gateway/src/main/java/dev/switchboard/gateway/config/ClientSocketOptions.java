package dev.switchboard.gateway.config;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Applies {@code outbound.socket-send-buffer-bytes} to the HTTP server's sockets: a fixed kernel send buffer
 * keeps what a stalled client costs the node bounded below the queue bounds, instead of the megabytes an
 * auto-tuned buffer may grow to. Lets WebSocket frames up to twice {@code websocket.max-message-bytes}
 * through Vert.x, so that the gateway's own check, which answers with 1009, is what refuses an oversize one;
 * beyond that Netty drops the connection.
 */
@ApplicationScoped
public class ClientSocketOptions implements HttpServerOptionsCustomizer {

    private final GatewayConfig config;

    public ClientSocketOptions(GatewayConfig config) {
        this.config = config;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        int frameLimit = (int) Math.min(Integer.MAX_VALUE, 2L * config.websocket().maxMessageBytes());
        options.setMaxWebSocketFrameSize(frameLimit).setMaxWebSocketMessageSize(frameLimit);
        int sendBuffer = config.outbound().socketSendBufferBytes();
        if (sendBuffer > 0) {
            options.setSendBufferSize(sendBuffer);
        }
    }
}
