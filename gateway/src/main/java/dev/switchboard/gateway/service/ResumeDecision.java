package dev.switchboard.gateway.service;

import java.util.UUID;

import dev.switchboard.gateway.protocol.StreamPosition;
import dev.switchboard.gateway.security.Principal;

/**
 * Who a connecting client is ({@link ClientSessions#decideResume}): its principal and identity, and where its
 * stream resumes (null for a new client).
 */
public record ResumeDecision(Principal principal, String clientId, StreamPosition resumeFrom, String resetReason) {

    static ResumeDecision fresh(Principal principal, String resetReason) {
        return new ResumeDecision(principal, UUID.randomUUID().toString(), null, resetReason);
    }
}
