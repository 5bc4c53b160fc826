package dev.switchboard.security;

import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling: the verified token's subject and roles. For resources whose path names a user, so that a user
 * acts only as itself while the privileged roles act for anyone.
 */
@ApplicationScoped
public class Caller {

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The token's {@code sub} claim: the user id, the same one the gateway records for the user's clients. */
    public String subject() {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null) {
            return token.getSubject();
        }
        return identity.isAnonymous() ? "" : identity.getPrincipal().getName();
    }

    public boolean hasAnyRole(String... roles) {
        return Arrays.stream(roles).anyMatch(identity::hasRole);
    }

    /** Passes when the caller is {@code userId} itself or holds one of {@code roles}; otherwise 403. */
    public void actAs(String userId, String... roles) {
        if (!hasAnyRole(roles) && !userId.equals(subject())) {
            throw new ForbiddenException("a token for user '" + subject() + "' acts only for that user");
        }
    }

    /** True when the caller acts only as itself (holds none of {@code roles}). */
    public boolean onlySelf(String... roles) {
        return !hasAnyRole(roles);
    }
}
