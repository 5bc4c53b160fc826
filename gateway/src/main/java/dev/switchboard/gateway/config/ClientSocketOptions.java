package dev.switchboard.gateway.config;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Applies {@code outbound.socket-send-buffer-bytes} to the HTTP server's sockets: a fixed kernel send buffer
 * keeps what a stalled client costs the node bounded below the queue bounds, instead of the megabytes an
 * auto-tuned buffer may grow to. For strict RFC 6455: WebSocket compression is off, so no extension is ever
 * negotiated and the decoder refuses every frame with a reserved bit set; unmasked client frames are refused; a
 * frame over {@code websocket.max-message-bytes} is refused by the decoder (the gateway's frame validation answers
 * 1009), and a fragmented message over it by that validation, before Vert.x's own message bound (twice as much).
 */
@ApplicationScoped
public class ClientSocketOptions implements HttpServerOptionsCustomizer {

    private final GatewayConfig config;

    public ClientSocketOptions(GatewayConfig config) {
        this.config = config;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        int messageLimit = config.websocket().maxMessageBytes();
        options.setMaxWebSocketFrameSize(messageLimit)
                .setMaxWebSocketMessageSize((int) Math.min(Integer.MAX_VALUE, 2L * messageLimit))
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                .setAcceptUnmaskedFrames(false);
        int sendBuffer = config.outbound().socketSendBufferBytes();
        if (sendBuffer > 0) {
            options.setSendBufferSize(sendBuffer);
        }
    }
}
