package dev.switchboard.worker.lifecycle;

import dev.switchboard.contract.problem.ProblemException;
import dev.switchboard.contract.problem.ProblemType;

/** A registration request that cannot be carried out; its type is the problem the admin API answers with. */
public final class RegistrationException extends ProblemException {

    private RegistrationException(ProblemType type, String message) {
        super(type, message);
    }

    /** The browser's rules for script and scope URLs refuse it: the message starts with its TypeError or SecurityError. */
    static RegistrationException badRequest(String message) {
        return new RegistrationException(ProblemType.REGISTRATION_REFUSED, message);
    }

    public static RegistrationException noRegistration(String id) {
        return new RegistrationException(ProblemType.NO_REGISTRATION, "no registration " + id);
    }

    static RegistrationException noBundle(String scriptUrl) {
        return new RegistrationException(
                ProblemType.NO_BUNDLE, "no bundle is published under the script URL " + scriptUrl);
    }

    static RegistrationException conflict(String message) {
        return new RegistrationException(ProblemType.INSTALLING, message);
    }
}
