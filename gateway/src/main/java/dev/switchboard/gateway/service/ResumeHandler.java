package dev.switchboard.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.gateway.http.HttpReplies;
import dev.switchboard.gateway.protocol.ErrorCode;
import dev.switchboard.gateway.security.AdmissionHandler;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Second handler of the connect routes ({@code /ws}, {@code /sse}): decides who the connecting client is — a
 * new client, or the same client resuming from {@code Last-Event-ID} / {@code ?lastEventId=} — and records
 * the decision for the transport handler; 503 when the registry cannot be asked.
 */
@ApplicationScoped
public class ResumeHandler implements Handler<RoutingContext> {

    /** Query parameter by which a client resumes: the {@code id} of the last message it got. */
    public static final String RESUME_PARAMETER = "lastEventId";
    private static final String DECISION = "switchboard.resume-decision";

    private final ClientSessions sessions;

    public ResumeHandler(ClientSessions sessions) {
        this.sessions = sessions;
    }

    /** The decision for the admitted request. */
    public static ResumeDecision decision(RoutingContext context) {
        return context.get(DECISION);
    }

    @Override
    public void handle(RoutingContext context) {
        String lastEventId = context.request().getHeader("Last-Event-ID");
        if (lastEventId == null) {
            lastEventId = context.request().getParam(RESUME_PARAMETER);
        }
        sessions.decideResume(AdmissionHandler.principal(context), lastEventId).whenComplete((decision, failure) -> {
            if (failure != null) {
                HttpReplies.refuse(context, ErrorCode.NOT_ACCEPTED, "client registry unavailable, retry");
                return;
            }
            context.put(DECISION, decision);
            context.next();
        });
    }
}
