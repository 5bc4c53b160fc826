package dev.switchboard.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.problem.HttpProblems;
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.gateway.http.HttpReplies;
import dev.switchboard.gateway.protocol.ErrorCode;
import dev.switchboard.gateway.security.AdmissionHandler;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Second handler of the connect routes ({@code /ws}, {@code /sse}): decides who the connecting client is — a
 * new client, or the same client resuming from {@code Last-Event-ID} / {@code ?lastEventId=} — and records
 * the decision for the transport handler; 503 when the registry cannot be asked, 400 for a {@code ?type=} that is
 * no client type.
 */
@ApplicationScoped
public class ResumeHandler implements Handler<RoutingContext> {

    /** Query parameter by which a client resumes: the {@code id} of the last message it got. */
    public static final String RESUME_PARAMETER = "lastEventId";
    /** Query parameter by which a client declares its {@code Client.type}: one of {@link ClientRecord#TYPES}. */
    public static final String TYPE_PARAMETER = "type";

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
        String type = context.request().getParam(TYPE_PARAMETER);
        if (type != null && !type.isEmpty() && !ClientRecord.TYPES.contains(type)) {
            HttpProblems.send(
                    context,
                    ProblemType.BAD_REQUEST,
                    "'" + TYPE_PARAMETER + "' is the client's type: window (the default), worker or sharedworker");
            return;
        }
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
