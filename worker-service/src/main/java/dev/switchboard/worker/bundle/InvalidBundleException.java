package dev.switchboard.worker.bundle;

import dev.switchboard.contract.problem.ProblemException;
import dev.switchboard.contract.problem.ProblemType;

/** A bundle that cannot be a version: not a jar, or naming no loadable {@code ServiceWorker} ({@code invalid-bundle}). */
public final class InvalidBundleException extends ProblemException {

    public InvalidBundleException(String message) {
        super(ProblemType.INVALID_BUNDLE, message);
    }

    public InvalidBundleException(String message, Throwable cause) {
        super(ProblemType.INVALID_BUNDLE, message, cause);
    }
}
