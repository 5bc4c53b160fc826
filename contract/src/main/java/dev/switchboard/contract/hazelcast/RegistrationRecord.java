package dev.switchboard.contract.hazelcast;

/**
 * One service-worker registration as the cluster knows it ({@code ServiceWorkerRegistration}). Stored with
 * Hazelcast's compact serialisation. worker-service owns the lifecycle and writes it; the gateway reads it to
 * route requests in {@code scope} and to serve the fast path.
 *
 * @param id the registration's id, stable for its life
 * @param scope the scope URL ({@code https://shop.example/app/}); requests whose URL starts with it are in scope
 * @param scriptUrl the script (bundle) URL the registration was made with
 * @param upstreamOrigin where {@code fetch()} and un-intercepted requests in scope go ({@code scheme://host[:port]})
 * @param installingVersion the bundle digest being installed, empty when none
 * @param waitingVersion the installed version waiting for the active one's clients to leave, empty when none
 * @param activeVersion the active version, empty before the first activation
 * @param activeState {@code activating} or {@code activated} (fetch events wait for {@code activated}); empty when no version is active
 * @param routesJson the active version's fast-path routes (JSON array; {@code []} when it declares none)
 * @param updatedAtEpochMillis when the record last changed
 */
public record RegistrationRecord(String id, String scope, String scriptUrl, String upstreamOrigin,
        String installingVersion, String waitingVersion, String activeVersion, String activeState, String routesJson,
        long updatedAtEpochMillis) {
}
