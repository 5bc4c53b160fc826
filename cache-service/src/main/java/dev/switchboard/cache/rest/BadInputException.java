package dev.switchboard.cache.rest;

/** A request to the HTTP API that is malformed before it reaches the Cache API; answered with 400. */
public class BadInputException extends RuntimeException {

    public BadInputException(String message) {
        super(message);
    }
}
