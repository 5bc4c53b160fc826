package dev.switchboard.gateway.security;

import java.time.Instant;

/**
 * Who a request acts for: the user id every client of theirs is recorded under, and when their credential
 * expires (null: it does not, as for an anonymous token). {@code issuedToken} is set only when the gateway has
 * just created this anonymous user for a connection: the token the client must keep to act as it again.
 */
public record Principal(String userId, Instant expiresAt, String issuedToken) {

    /** The caller of a request that carried no credential where one is not needed: it owns no client. */
    public static final Principal NOBODY = new Principal("", null, null);

    public static Principal of(String userId, Instant expiresAt) {
        return new Principal(userId, expiresAt, null);
    }

    /** True when {@code userId} is this principal's (never for {@link #NOBODY}). */
    public boolean owns(String ownerUserId) {
        return !userId.isEmpty() && userId.equals(ownerUserId);
    }

    @Override
    public String toString() {
        // Never the token: principals end up in log lines.
        return "Principal[" + userId + (expiresAt == null ? "" : ", expires " + expiresAt) + "]";
    }
}
