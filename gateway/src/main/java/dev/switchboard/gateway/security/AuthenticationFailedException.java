package dev.switchboard.gateway.security;

/** The request carries no acceptable identity; answered with 401 {@code unauthorized}. */
public class AuthenticationFailedException extends RuntimeException {

    public AuthenticationFailedException(String message) {
        super(message, null, false, false);
    }
}
