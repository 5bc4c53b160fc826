package dev.switchboard.contract.event;

/** Registrations every service knows by name. */
public final class Registrations {

    /**
     * The built-in echo worker's registration (script URL {@code builtin:echo}): the default target of the gateway's
     * client messages and of push-service's pushes while nothing else is configured.
     */
    public static final String ECHO = "echo";

    private Registrations() {}
}
