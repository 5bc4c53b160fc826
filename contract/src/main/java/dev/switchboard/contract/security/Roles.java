package dev.switchboard.contract.security;

/**
 * The roles of the services' HTTP APIs, carried in a token's {@code groups} claim. What each may do is the table
 * in docs/security.md ("Roles and service APIs"); a token with none of them still names a user ({@code sub}) who
 * may manage that user's own push subscriptions.
 */
public final class Roles {

    /** Operators: publish bundles (code that runs in every worker), manage registrations, rotate VAPID keys; everything else too. */
    public static final String ADMIN = "switchboard-admin";

    /** The application's backend: send pushes, manage subscriptions and topics for any user, write caches. */
    public static final String PUBLISHER = "switchboard-publisher";

    /** Dashboards and tools: read registrations, the client registry, caches, subscriptions and topics. */
    public static final String READER = "switchboard-reader";

    private Roles() {}
}
