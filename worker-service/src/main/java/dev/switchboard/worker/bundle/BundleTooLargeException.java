package dev.switchboard.worker.bundle;

import dev.switchboard.contract.problem.ProblemException;
import dev.switchboard.contract.problem.ProblemType;

/**
 * A bundle past a limit of {@link BundleLimits}: too many bytes as published, too many entries, or inflating past
 * a limit (a zip bomb). The admin API answers 413 {@code bundle-too-large}.
 */
public final class BundleTooLargeException extends ProblemException {

    public BundleTooLargeException(String message) {
        super(ProblemType.BUNDLE_TOO_LARGE, message);
    }
}
