package dev.switchboard.push.service;

import dev.switchboard.contract.problem.ProblemException;
import dev.switchboard.contract.problem.ProblemType;

/**
 * A request push-service refuses: its problem type (a stable code and the HTTP status, docs/errors.md) and a
 * message naming the problem. Nothing was stored or sent when this is thrown.
 */
public class PushException extends ProblemException {

    public PushException(ProblemType type, String message) {
        super(type, message);
    }
}
