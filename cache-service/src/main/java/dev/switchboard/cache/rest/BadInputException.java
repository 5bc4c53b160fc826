package dev.switchboard.cache.rest;

import dev.switchboard.contract.problem.ProblemException;
import dev.switchboard.contract.problem.ProblemType;

/** A request to the HTTP API that is malformed before it reaches the Cache API; answered with 400 {@code bad-request}. */
public class BadInputException extends ProblemException {

    public BadInputException(String message) {
        super(ProblemType.BAD_REQUEST, message);
    }
}
