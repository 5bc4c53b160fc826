package dev.switchboard.contract.hazelcast;

/**
 * One service-worker registration as the cluster knows it ({@code ServiceWorkerRegistration}). Stored with
 * Hazelcast's compact serialisation. worker-service owns the lifecycle and writes it; the gateway reads it to
 * route requests in {@code scope} and to serve the fast path. Changes go through the {@code with…} methods, each
 * one step of the lifecycle.
 *
 * @param id the registration's id, stable for its life
 * @param scope the scope URL ({@code https://shop.example/app/}); requests whose URL starts with it are in scope
 * @param scriptUrl the script (bundle) URL the registration was made with
 * @param upstreamOrigin where {@code fetch()} and un-intercepted requests in scope go ({@code scheme://host[:port]})
 * @param installingVersion the bundle digest being installed, empty when none
 * @param waitingVersion the installed version waiting for the active one's clients to leave, empty when none
 * @param activeVersion the active version, empty before the first activation
 * @param activeState {@link LifecycleState#ACTIVATING} or {@link LifecycleState#ACTIVATED} (fetch events wait for
 *        {@code activated}); empty when no version is active
 * @param routesJson the active version's fast-path routes (JSON array; {@code []} when it declares none)
 * @param updatedAtEpochMillis when the record last changed
 * @param crossUserClients the capability an admin grants when registering: the handlers' {@code self.clients()}
 *        see every user's clients in scope, not only those of the event's user (docs/security.md). A record
 *        stored before the field existed reads back with {@code false} (compact serialisation's default for a
 *        missing boolean), so no registration holds it unless granted.
 */
public record RegistrationRecord(
        String id,
        String scope,
        String scriptUrl,
        String upstreamOrigin,
        String installingVersion,
        String waitingVersion,
        String activeVersion,
        String activeState,
        String routesJson,
        long updatedAtEpochMillis,
        boolean crossUserClients) {

    /** A registration without the cross-user capability, as every one is unless an admin grants it. */
    public RegistrationRecord(
            String id,
            String scope,
            String scriptUrl,
            String upstreamOrigin,
            String installingVersion,
            String waitingVersion,
            String activeVersion,
            String activeState,
            String routesJson,
            long updatedAtEpochMillis) {
        this(
                id,
                scope,
                scriptUrl,
                upstreamOrigin,
                installingVersion,
                waitingVersion,
                activeVersion,
                activeState,
                routesJson,
                updatedAtEpochMillis,
                false);
    }

    /** A new registration whose first version starts installing. */
    public static RegistrationRecord created(
            String id,
            String scope,
            String scriptUrl,
            String upstreamOrigin,
            String installing,
            boolean crossUserClients,
            long now) {
        return new RegistrationRecord(
                id, scope, scriptUrl, upstreamOrigin, installing, "", "", "", "[]", now, crossUserClients);
    }

    /** {@code register()} again with a new script bundle: it starts installing; the script and upstream may change. */
    public RegistrationRecord withInstalling(String newScriptUrl, String newUpstreamOrigin, String version, long now) {
        return new RegistrationRecord(
                id,
                scope,
                newScriptUrl,
                newUpstreamOrigin,
                version,
                waitingVersion,
                activeVersion,
                activeState,
                routesJson,
                now,
                crossUserClients);
    }

    /** The installing version installed: it waits (replacing any version that waited before it). */
    public RegistrationRecord withInstalled(long now) {
        return new RegistrationRecord(
                id,
                scope,
                scriptUrl,
                upstreamOrigin,
                "",
                installingVersion,
                activeVersion,
                activeState,
                routesJson,
                now,
                crossUserClients);
    }

    /** The installing version failed to install: nothing installs any more. */
    public RegistrationRecord withInstallFailed(long now) {
        return new RegistrationRecord(
                id,
                scope,
                scriptUrl,
                upstreamOrigin,
                "",
                waitingVersion,
                activeVersion,
                activeState,
                routesJson,
                now,
                crossUserClients);
    }

    /** The waiting version becomes the active one, activating. */
    public RegistrationRecord withActivating(long now) {
        return new RegistrationRecord(
                id,
                scope,
                scriptUrl,
                upstreamOrigin,
                installingVersion,
                "",
                waitingVersion,
                LifecycleState.ACTIVATING.wireName(),
                routesJson,
                now,
                crossUserClients);
    }

    /** The active version finished activating; its declared routes are served from now on. */
    public RegistrationRecord withActivated(String activeRoutesJson, long now) {
        return new RegistrationRecord(
                id,
                scope,
                scriptUrl,
                upstreamOrigin,
                installingVersion,
                waitingVersion,
                activeVersion,
                LifecycleState.ACTIVATED.wireName(),
                activeRoutesJson,
                now,
                crossUserClients);
    }

    /** The same registration, stamped {@code now} (when it was unregistered, in the unregistering map). */
    public RegistrationRecord withUpdatedAt(long now) {
        return new RegistrationRecord(
                id,
                scope,
                scriptUrl,
                upstreamOrigin,
                installingVersion,
                waitingVersion,
                activeVersion,
                activeState,
                routesJson,
                now,
                crossUserClients);
    }

    /** The same registration with the cross-user capability granted ({@code true}) or revoked. */
    public RegistrationRecord withCrossUserClients(boolean granted, long now) {
        return new RegistrationRecord(
                id,
                scope,
                scriptUrl,
                upstreamOrigin,
                installingVersion,
                waitingVersion,
                activeVersion,
                activeState,
                routesJson,
                now,
                granted);
    }

    /** True when {@code version} is the active one and has finished activating. */
    public boolean isActivated(String version) {
        return version.equals(activeVersion) && LifecycleState.ACTIVATED.is(activeState);
    }

    /** True when {@code version} is the active one and still activating. */
    public boolean isActivating(String version) {
        return version.equals(activeVersion) && LifecycleState.ACTIVATING.is(activeState);
    }
}
