package dev.switchboard.gateway.security;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.switchboard.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Who a request acts for. The credential comes in the {@code Authorization: Bearer} header, else — on the connect
 * routes only — a single-use {@code ?ticket=} ({@link ConnectTickets}), else the token cookie; a token in the query
 * string is refused (query strings end up in logs and traces). A JWT is verified by SmallRye JWT with the
 * {@code mp.jwt.verify.*} settings: signature with the configured key (or JWKS), issuer, audience and expiry;
 * unsigned tokens ({@code alg: none}) are never accepted; its subject is the user. In anonymous mode an
 * {@link AnonymousTokens anonymous token} names an anonymous user, and a connect without any credential creates one.
 */
@ApplicationScoped
public class ClientAuthenticator {

    /** Query parameter carrying a connect ticket. */
    public static final String TICKET_PARAMETER = "ticket";
    /** Where a token used to travel in the query string; now refused with a pointer to tickets. */
    static final String QUERY_TOKEN_PARAMETER = "access_token";

    /** What a route accepts as a credential, and what it does without one. */
    public enum Credentials {
        /** {@code /ws}, {@code /sse}: a ticket too; without any credential, anonymous mode creates a new user. */
        CONNECT,
        /** POST: header or cookie; without either, anonymous mode admits {@link Principal#NOBODY}. */
        REQUEST,
        /** Fetch: as {@link #REQUEST}, and {@link Principal#NOBODY} also when {@code fetch.require-credential} is off. */
        FETCH,
        /** The ticket endpoint: a header or cookie credential is required in every mode. */
        REQUIRED
    }

    private final JWTParser parser;
    private final ConnectTickets tickets;
    private final GatewayConfig.Security config;
    private final boolean fetchNeedsCredential;

    public ClientAuthenticator(JWTParser parser, ConnectTickets tickets, GatewayConfig config) {
        this.parser = parser;
        this.tickets = tickets;
        this.config = config.security();
        this.fetchNeedsCredential = config.fetch().requireCredential();
    }

    /** The principal of {@code request}, or a failure with {@link AuthenticationFailedException} (401). */
    public Uni<Principal> authenticate(HttpServerRequest request, Credentials credentials) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return verify(header.substring(7).trim());
        }
        if (header != null) {
            return refused("only 'Authorization: Bearer <token>' is accepted");
        }
        String ticket = credentials == Credentials.CONNECT ? request.getParam(TICKET_PARAMETER) : null;
        if (ticket != null) {
            return redeem(ticket);
        }
        Cookie cookie = request.getCookie(config.tokenCookie());
        if (cookie != null && !cookie.getValue().isBlank()) {
            return verify(cookie.getValue());
        }
        if (request.getParam(QUERY_TOKEN_PARAMETER) != null) {
            return refused("tokens are not accepted in the query string: get a single-use ticket "
                    + "(POST with the token in the Authorization header) and connect with ?ticket=");
        }
        if (credentials == Credentials.FETCH && !fetchNeedsCredential) {
            return Uni.createFrom().item(Principal.NOBODY);
        }
        if (!config.anonymous() || credentials == Credentials.REQUIRED) {
            return refused("a token is required");
        }
        return Uni.createFrom().item(credentials == Credentials.CONNECT ? AnonymousTokens.issue() : Principal.NOBODY);
    }

    /** The principal {@code token} proves (a JWT, or an anonymous token in anonymous mode), or a 401 failure. */
    public Uni<Principal> verify(String token) {
        if (AnonymousTokens.looksAnonymous(token)) {
            if (!config.anonymous()) {
                return refused("anonymous tokens are accepted only in anonymous mode");
            }
            Optional<String> user = AnonymousTokens.userOf(token);
            return user.isEmpty()
                    ? refused("the anonymous token is not valid")
                    : Uni.createFrom().item(Principal.of(user.get(), null));
        }
        // Verification may fetch a JWKS over the network: never on the event loop.
        return Uni.createFrom().item(() -> verifyJwt(token)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Uni<Principal> redeem(String ticket) {
        return Uni.createFrom().completionStage(() -> tickets.redeem(ticket)).map(grant -> {
            Principal principal = grant.orElseThrow(
                    () -> new AuthenticationFailedException("the ticket is unknown, used or expired"));
            if (principal.expiresAt() != null && !principal.expiresAt().isAfter(Instant.now())) {
                throw new AuthenticationFailedException("the token the ticket was issued for has expired");
            }
            return principal;
        });
    }

    private Principal verifyJwt(String token) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException | RuntimeException e) {
            // Never the token itself (jose4j puts the JOSE object in its messages): logs must not carry credentials.
            Log.debugf("token refused: %s", withoutToken(String.valueOf(e.getMessage()), token));
            throw new AuthenticationFailedException("the token is not valid");
        }
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new AuthenticationFailedException("the token has no subject");
        }
        if (subject.startsWith(AnonymousTokens.USER_PREFIX)) {
            throw new AuthenticationFailedException(
                    "subjects starting with '" + AnonymousTokens.USER_PREFIX + "' are reserved for anonymous users");
        }
        Instant expiresAt = jwt.getExpirationTime() > 0 ? Instant.ofEpochSecond(jwt.getExpirationTime()) : null;
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            // Within the verifier's clock skew: valid, but a connection would be closed at once.
            throw new AuthenticationFailedException("the token has expired");
        }
        return Principal.of(subject, expiresAt);
    }

    /** {@code message} with the token and each of its parts replaced. */
    static String withoutToken(String message, String token) {
        String redacted = message.replace(token, "<token>");
        for (String part : token.split("\\.")) {
            if (part.length() >= 8) {
                redacted = redacted.replace(part, "<token part>");
            }
        }
        return redacted;
    }

    private static <T> Uni<T> refused(String reason) {
        return Uni.createFrom().failure(new AuthenticationFailedException(reason));
    }
}
