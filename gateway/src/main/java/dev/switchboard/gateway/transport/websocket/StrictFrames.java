package dev.switchboard.gateway.transport.websocket;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.service.CloseReason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.util.ReferenceCountUtil;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Fails a WebSocket the way RFC 6455 says (section 7.1.7): a Close frame with the RFC's code, then the TCP close.
 * Netty's frame decoder already detects most violations — reserved bits (compression is off, so no extension is
 * ever negotiated), reserved opcodes, unmasked client frames, fragmented or oversize control frames, bad lengths,
 * continuations out of place, frames over {@code websocket.max-message-bytes} — but Vert.x builds it with
 * {@code closeOnProtocolViolation(false)}, which drops the connection silently. This handler sits after the
 * decoder and Netty's UTF-8 validator (text messages are checked as they arrive and never altered), turns their
 * failures into the Close frame, and adds what they miss: close codes outside the valid ranges (never echoed) and
 * fragmented messages over the size limit. Once failed, nothing else is handed on or written (see {@link #fail}).
 */
final class StrictFrames extends ChannelDuplexHandler {

    private static final String UTF8_NAME = "switchboard-utf8";
    private static final String NAME = "switchboard-strict-frames";
    /** A Close frame's reason is at most 123 bytes (a control frame's payload is at most 125). */
    private static final int MAX_REASON_BYTES = 123;

    private final int maxMessageBytes;
    private final long closeGraceMillis;
    private final Consumer<CloseReason> onFailure;
    private long messageBytes;
    private boolean failed;

    private StrictFrames(int maxMessageBytes, long closeGraceMillis, Consumer<CloseReason> onFailure) {
        this.maxMessageBytes = maxMessageBytes;
        this.closeGraceMillis = closeGraceMillis;
        this.onFailure = onFailure;
    }

    /**
     * Puts the validation behind the WebSocket decoder of {@code connection}, just upgraded; false when the
     * connection is not one whose pipeline can be reached (the caller must then not serve it).
     */
    static boolean install(HttpConnection connection, GatewayConfig.WebSocket config, Consumer<CloseReason> onFailure) {
        if (!(connection instanceof ConnectionBase base)) {
            return false;
        }
        Channel channel = base.channel();
        ChannelPipeline pipeline = channel.pipeline();
        // Behind the decoder (inbound) and the encoder (outbound), so that the Close frame written here is encoded
        // and the application's writes pass here first: [ws decoder, ws encoder, UTF-8 validator, this, Vert.x].
        ChannelHandlerContext decoder = pipeline.context(WebSocketFrameDecoder.class);
        ChannelHandlerContext encoder = pipeline.context(WebSocketFrameEncoder.class);
        if (decoder == null || encoder == null) {
            return false;
        }
        pipeline.addAfter(encoder.name(), UTF8_NAME, new Utf8FrameValidator(false));
        pipeline.addAfter(
                UTF8_NAME,
                NAME,
                new StrictFrames(config.maxMessageBytes(), config.closeGrace().toMillis(), onFailure));
        return true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof CloseWebSocketFrame close && !validCloseCode(close.content())) {
            int code = close.content().getUnsignedShort(close.content().readerIndex());
            close.release();
            fail(ctx, CloseReason.PROTOCOL_ERROR, "invalid close code " + code);
            return;
        }
        if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
            messageBytes = 0;
        }
        if (msg instanceof WebSocketFrame frame && isData(frame)) {
            messageBytes += frame.content().readableBytes();
            if (messageBytes > maxMessageBytes) {
                ReferenceCountUtil.release(msg);
                fail(ctx, CloseReason.MESSAGE_TOO_BIG, "message larger than " + maxMessageBytes + " bytes");
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupt) {
            fail(ctx, reasonFor(corrupt.closeStatus().code()), corrupt.getMessage());
        } else if (cause instanceof TooLongFrameException) {
            fail(ctx, CloseReason.MESSAGE_TOO_BIG, cause.getMessage());
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    /** After the Close frame only the TCP close follows: writes still coming from the application are dropped. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (failed) {
            ReferenceCountUtil.release(msg);
            promise.trySuccess();
            return;
        }
        ctx.write(msg, promise);
    }

    /**
     * The Close frame, then the end of our output (FIN). The peer may still be sending (the rest of an oversize
     * frame): closing the socket on unread bytes would answer them with a reset that can destroy the Close frame
     * before the peer reads it, so what still comes is read and dropped for {@code websocket.close-grace}, or until
     * the peer closes, and then the connection is closed.
     */
    private void fail(ChannelHandlerContext ctx, CloseReason reason, String detail) {
        if (failed) {
            return;
        }
        failed = true;
        onFailure.accept(reason);
        Log.debugf("WebSocket from %s failed with %d: %s", ctx.channel().remoteAddress(), reason.code(), detail);
        ctx.writeAndFlush(new CloseWebSocketFrame(reason.code(), reasonText(reason, detail)))
                .addListener(written -> {
                    if (written.isSuccess() && ctx.channel() instanceof DuplexChannel duplex) {
                        duplex.shutdownOutput();
                        ctx.executor().schedule(() -> ctx.close(), closeGraceMillis, TimeUnit.MILLISECONDS);
                    } else {
                        ctx.close();
                    }
                });
    }

    private static boolean isData(WebSocketFrame frame) {
        return frame instanceof TextWebSocketFrame
                || frame instanceof BinaryWebSocketFrame
                || frame instanceof ContinuationWebSocketFrame;
    }

    /** RFC 6455 section 7.4: 1000-1003, 1007-1011 and the registered 1012-1014; 3000-4999 for applications. */
    static boolean validCloseCode(ByteBuf payload) {
        if (payload.readableBytes() < 2) {
            return true; // no code at all is allowed; a 1-byte payload the decoder already refused
        }
        int code = payload.getUnsignedShort(payload.readerIndex());
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    private static CloseReason reasonFor(int status) {
        if (status == CloseReason.INVALID_DATA.code()) {
            return CloseReason.INVALID_DATA;
        }
        return status == CloseReason.MESSAGE_TOO_BIG.code() ? CloseReason.MESSAGE_TOO_BIG : CloseReason.PROTOCOL_ERROR;
    }

    private static String reasonText(CloseReason reason, String detail) {
        String text = detail == null || detail.isBlank() ? reason.text() : reason.text() + ": " + detail;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= MAX_REASON_BYTES ? text : reason.text();
    }
}
