package dev.switchboard.contract.event;

/**
 * Background-sync tags as every service checks them: the gateway (a client's {@code sync} frame), worker-service
 * ({@code registerSync}) and push-service (the registration event it schedules). One rule, so that a tag one
 * service accepts is never refused by the next.
 */
public final class SyncTags {

    /** The longest tag, in characters. */
    public static final int MAX_LENGTH = 128;

    /** What a valid tag is, for error messages. */
    public static final String RULE = "a sync tag is a string of 1 to " + MAX_LENGTH + " characters";

    private SyncTags() {}

    public static boolean valid(String tag) {
        return tag != null && !tag.isEmpty() && tag.length() <= MAX_LENGTH;
    }
}
