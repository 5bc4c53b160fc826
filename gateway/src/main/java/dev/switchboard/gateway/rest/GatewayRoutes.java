package dev.switchboard.gateway.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.fetch.FetchHandler;
import dev.switchboard.gateway.http.HttpReplies;
import dev.switchboard.gateway.limits.ConnectionLimits;
import dev.switchboard.gateway.protocol.ErrorCode;
import dev.switchboard.gateway.security.AdmissionHandler;
import dev.switchboard.gateway.security.TicketHandler;
import dev.switchboard.gateway.service.ResumeHandler;
import dev.switchboard.gateway.transport.http.ClientMessageHandler;
import dev.switchboard.gateway.transport.sse.SseHandler;
import dev.switchboard.gateway.transport.websocket.HandshakeCheck;
import dev.switchboard.gateway.transport.websocket.WebSocketHandler;
import io.quarkus.logging.Log;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** Every route the gateway serves to clients, in one place; paths come from configuration. */
@ApplicationScoped
public class GatewayRoutes {

    private final GatewayConfig config;
    private final WebSocketHandler webSocket;
    private final SseHandler sse;
    private final ClientMessageHandler clientMessages;
    private final AdmissionHandler admission;
    private final ResumeHandler resume;
    private final FetchHandler fetch;
    private final HandshakeCheck handshake;
    private final ConnectionLimits limits;
    private final TicketHandler tickets;

    public GatewayRoutes(
            GatewayConfig config,
            WebSocketHandler webSocket,
            SseHandler sse,
            ClientMessageHandler clientMessages,
            AdmissionHandler admission,
            ResumeHandler resume,
            FetchHandler fetch,
            HandshakeCheck handshake,
            ConnectionLimits limits,
            TicketHandler tickets) {
        this.fetch = fetch;
        this.handshake = handshake;
        this.limits = limits;
        this.tickets = tickets;
        this.config = config;
        this.webSocket = webSocket;
        this.sse = sse;
        this.clientMessages = clientMessages;
        this.admission = admission;
        this.resume = resume;
    }

    /**
     * Every route admits first (Origin, credential, draining); the connect routes then decide the client (resume)
     * and take a connection permit; the WebSocket route checks the handshake before anything.
     */
    void register(@Observes Router router) {
        router.get(config.websocket().path())
                .handler(handshake)
                .handler(admission.connect())
                .handler(resume)
                .handler(limits)
                .handler(webSocket)
                .failureHandler(this::connectFailed);
        router.get(config.sse().path())
                .handler(admission.connect())
                .handler(resume)
                .handler(limits)
                .handler(sse)
                .failureHandler(this::connectFailed);
        router.post(config.http().ticketsPath()).handler(admission.ticket()).handler(tickets);
        router.post(config.http().clientsPath() + "/:clientId/messages")
                .handler(BodyHandler.create(false).setBodyLimit(config.http().maxBodyBytes()))
                .handler(admission.message())
                .handler(clientMessages)
                .failureHandler(this::failed);
        if (config.fetch().origin().isPresent()) {
            String prefix = config.fetch().path().endsWith("/")
                    ? config.fetch().path()
                    : config.fetch().path() + "/";
            // A route of its own: Vert.x wants a route's body handler first, and the reservation comes before it.
            router.route(prefix + "*").handler(fetch.bodyReservation());
            router.route(prefix + "*")
                    .handler(BodyHandler.create(false)
                            .setBodyLimit(config.fetch().maxBodyBytes()))
                    .handler(admission.fetch())
                    .handler(fetch)
                    .failureHandler(this::fetchFailed);
        }
    }

    /** A fetch request whose body is over {@code fetch.max-body-bytes}: 413, nothing intercepted or relayed. */
    private void fetchFailed(RoutingContext context) {
        if (context.statusCode() == 413) {
            HttpReplies.refuse(
                    context,
                    ErrorCode.TOO_LARGE,
                    "request body larger than " + config.fetch().maxBodyBytes() + " bytes");
        } else {
            context.next();
        }
    }

    /**
     * A connect that failed unexpectedly: answered here, because Quarkus' error handler would log the request's URI
     * with its query, where a ticket travels.
     */
    private void connectFailed(RoutingContext context) {
        Log.errorf(
                context.failure(), "a connect to %s failed", context.request().path());
        ConnectionLimits.Permit permit = ConnectionLimits.permit(context);
        if (permit != null) {
            permit.release();
        }
        HttpReplies.refuse(context, ErrorCode.NOT_ACCEPTED, "the connection could not be opened, retry");
    }

    /**
     * An oversize body names its limit; other failures before a handler could answer get the router's problems
     * (contract's HttpProblems).
     */
    private void failed(RoutingContext context) {
        if (context.statusCode() == 413) {
            HttpReplies.refuse(
                    context,
                    ErrorCode.TOO_LARGE,
                    "body larger than " + config.http().maxBodyBytes() + " bytes");
        } else {
            context.next();
        }
    }
}
