package dev.switchboard.contract.hazelcast;

/**
 * One version (bundle) of one registration and where it is in the lifecycle: the server side of a
 * {@code ServiceWorker} object's {@code state}. Stored with compact serialisation under
 * {@code registrationId/digest} in {@link HazelcastNames#VERSIONS}; worker-service writes it.
 *
 * @param registrationId the registration the version belongs to
 * @param digest the bundle's SHA-256 (lower-case hex): the version id
 * @param scriptUrl the script URL the bundle was published under
 * @param state a {@link LifecycleState}'s wire name
 * @param skipWaiting true once the version called {@code skipWaiting()}: it activates without waiting for clients
 * @param failure why the version became redundant after a failed install or activate (empty otherwise)
 * @param updatedAtEpochMillis when the record last changed
 */
public record VersionRecord(
        String registrationId,
        String digest,
        String scriptUrl,
        String state,
        boolean skipWaiting,
        String failure,
        long updatedAtEpochMillis) {

    public static String key(String registrationId, String digest) {
        return registrationId + "/" + digest;
    }

    /** A version that has just started installing. */
    public static VersionRecord installing(String registrationId, String digest, String scriptUrl, long now) {
        return new VersionRecord(
                registrationId, digest, scriptUrl, LifecycleState.INSTALLING.wireName(), false, "", now);
    }

    public VersionRecord withState(LifecycleState newState, long now) {
        return new VersionRecord(registrationId, digest, scriptUrl, newState.wireName(), skipWaiting, failure, now);
    }

    public VersionRecord failed(String why, long now) {
        return new VersionRecord(
                registrationId, digest, scriptUrl, LifecycleState.REDUNDANT.wireName(), skipWaiting, why, now);
    }

    public boolean is(LifecycleState wanted) {
        return wanted.is(state);
    }

    public VersionRecord skippingWaiting(long now) {
        return new VersionRecord(registrationId, digest, scriptUrl, state, true, failure, now);
    }
}
