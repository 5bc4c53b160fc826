package dev.switchboard.contract.problem;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every problem type an HTTP API of Switchboard answers with (RFC 9457): one list for all services, so that a
 * code means one thing with one status everywhere, and the one list docs/errors.md documents (a test holds the
 * page to it). The gateway's error frames use the same codes (its {@code ErrorCode}).
 *
 * <p>
 * A type's URI, {@link #uri()}, is {@link #BASE} followed by its {@link #code()}; clients match on either. Both are
 * stable: a code is never renamed or reused for another meaning, only added.
 */
public enum ProblemType {

    // Any HTTP API
    BAD_REQUEST("bad-request", 400, "The request is not valid"),
    BAD_JSON("bad-json", 400, "The body is not the JSON expected"),
    UNAUTHORIZED("unauthorized", 401, "A valid credential is required"),
    INVALID_TOKEN("invalid-token", 401, "The bearer token is not valid"),
    FORBIDDEN("forbidden", 403, "The caller may not do this"),
    NOT_FOUND("not-found", 404, "No such resource"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "The method is not allowed on this resource"),
    NOT_ACCEPTABLE("not-acceptable", 406, "No acceptable representation"),
    TOO_LARGE("too-large", 413, "The body is larger than the limit"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "The body's content type is not accepted"),
    RATE_LIMITED("rate-limited", 429, "More requests than the rate allows"),
    INTERNAL_ERROR("internal-error", 500, "The server failed to answer"),
    NOT_ACCEPTED("not-accepted", 503, "Not accepted now; retry"),
    BUSY("busy", 503, "A concurrent change is in progress; retry"),

    // gateway: admission, connections and client frames
    FORBIDDEN_ORIGIN("forbidden-origin", 403, "The page's Origin may not connect"),
    BAD_HANDSHAKE("bad-handshake", 400, "Not a WebSocket handshake RFC 6455 allows"),
    UNSUPPORTED_VERSION("unsupported-version", 426, "Only WebSocket version 13 is served"),
    TOO_MANY_CONNECTIONS("too-many-connections", 429, "Too many connections on this node"),
    BAD_FRAME("bad-frame", 400, "Not a valid frame"),
    UNKNOWN_TYPE("unknown-type", 400, "Unknown frame type"),
    UNKNOWN_CLIENT("unknown-client", 404, "The client is not connected"),
    DRAINING("draining", 503, "This node is shutting down"),
    EVENT_FAILED("event-failed", 500, "The event could not be handled"),
    UNKNOWN_CHANNEL("unknown-channel", 404, "No channel namespace of that name is configured"),
    TOO_MANY_CHANNELS("too-many-channels", 429, "The connection is subscribed to as many channels as allowed"),
    UNKNOWN_PORT("unknown-port", 404, "No open MessageChannel port of that id is held by the client"),
    UNKNOWN_WORKER(
            "unknown-worker", 404, "No dedicated or shared worker of that handle was started on this connection"),
    TOO_MANY_WORKERS("too-many-workers", 429, "The connection holds as many workers as allowed"),

    // gateway: fetch interception (answers the gateway gives itself, not the ones it relays)
    OUT_OF_SCOPE("out-of-scope", 404, "No registration's scope contains the URL"),
    NETWORK_ERROR("network-error", 502, "The service worker answered with a network error"),
    WORKER_TIMEOUT("worker-timeout", 504, "The service worker did not answer in time"),
    UPSTREAM_UNAVAILABLE("upstream-unavailable", 502, "The upstream origin did not answer"),

    // cache-service
    TYPE_ERROR("type-error", 400, "The Cache API rejects this (TypeError)"),
    INVALID_STATE("invalid-state", 409, "The Cache API rejects this (InvalidStateError)"),
    QUOTA_EXCEEDED("quota-exceeded", 413, "Over the cache's quota (QuotaExceededError)"),
    NO_CACHE("no-cache", 404, "No cache of that name"),
    NO_MATCH("no-match", 404, "No cached response matches"),

    // push-service
    INVALID_USER("invalid-user", 400, "Not a valid user id"),
    MISSING_BODY("missing-body", 400, "A JSON body is required"),
    MISSING_ENDPOINT("missing-endpoint", 400, "The subscription has no endpoint"),
    INVALID_ENDPOINT("invalid-endpoint", 400, "The subscription's endpoint is not accepted"),
    MISSING_KEY("missing-key", 400, "A subscription key is missing"),
    INVALID_KEY("invalid-key", 400, "A key is not valid"),
    UNKNOWN_APPLICATION_SERVER_KEY("unknown-application-server-key", 400, "Not one of the VAPID public keys"),
    EXPIRED("expired", 400, "The subscription's expirationTime is in the past"),
    INVALID_REGISTRATION("invalid-registration", 400, "Not a valid registration id"),
    INVALID_TTL("invalid-ttl", 400, "The TTL is out of range"),
    INVALID_URGENCY("invalid-urgency", 400, "Not an Urgency of RFC 8030"),
    INVALID_TOPIC("invalid-topic", 400, "Not a Topic of RFC 8030"),
    INVALID_TOPIC_NAME("invalid-topic-name", 400, "Not a valid topic group name"),
    NO_SUBSCRIPTION("no-subscription", 404, "No such subscription"),
    NO_MEMBER("no-member", 404, "The user is not in the topic"),
    ENDPOINT_TAKEN("endpoint-taken", 403, "Another user holds this endpoint"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "The payload is larger than a push message carries"),
    TOO_MANY_SUBSCRIPTIONS("too-many-subscriptions", 409, "Subscription limit reached"),
    TOO_MANY_KEYS("too-many-keys", 409, "VAPID key limit reached"),
    TOO_MANY_TOPICS("too-many-topics", 409, "Topic limit reached"),
    TOO_MANY_MEMBERSHIPS("too-many-memberships", 409, "Topic membership limit reached"),
    TOO_MANY_MEMBERS("too-many-members", 409, "Topic member limit reached"),

    // worker-service
    REGISTRATION_REFUSED("registration-refused", 400, "The script or scope breaks the registration rules"),
    NO_REGISTRATION("no-registration", 404, "No such registration"),
    NO_BUNDLE("no-bundle", 404, "No bundle is published under the script URL"),
    INSTALLING("installing", 409, "Another version is still installing"),
    TOO_MANY_REGISTRATIONS("too-many-registrations", 507, "Registration limit reached"),
    INVALID_BUNDLE("invalid-bundle", 400, "Not a bundle the workers can load"),
    UNSIGNED_BUNDLE("unsigned-bundle", 403, "The bundle is not signed by the configured key"),
    BUNDLE_TOO_LARGE("bundle-too-large", 413, "The bundle is past a size limit"),
    TOO_MANY_BUNDLES("too-many-bundles", 507, "Bundle store limit reached"),
    REPLAY_RUNNING("replay-running", 409, "Another dead-letter replay is running");

    /** What every type's URI starts with; the code follows. */
    public static final String BASE = "https://switchboard.dev/problems/";

    private static final Map<String, ProblemType> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ProblemType::code, Function.identity()));

    /** The generic type of each status the HTTP frameworks answer by themselves. */
    private static final Map<Integer, ProblemType> FOR_STATUS = Map.of(
            400,
            BAD_REQUEST,
            401,
            UNAUTHORIZED,
            403,
            FORBIDDEN,
            404,
            NOT_FOUND,
            405,
            METHOD_NOT_ALLOWED,
            406,
            NOT_ACCEPTABLE,
            413,
            TOO_LARGE,
            415,
            UNSUPPORTED_MEDIA_TYPE,
            429,
            RATE_LIMITED,
            500,
            INTERNAL_ERROR);

    private final String code;
    private final int status;
    private final String title;
    private final String uri;

    ProblemType(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
        this.uri = BASE + code;
    }

    /** The machine-readable code: the last segment of {@link #uri()}, and the {@code code} member of a problem. */
    public String code() {
        return code;
    }

    /** The HTTP status a response of this type has. */
    public int status() {
        return status;
    }

    /** The same short summary for every occurrence of the type (RFC 9457 section 3.1.3). */
    public String title() {
        return title;
    }

    /** The {@code type} member: {@link #BASE} + {@link #code()}. */
    public String uri() {
        return uri;
    }

    public static Optional<ProblemType> ofCode(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /**
     * The generic type of a status an HTTP framework answered by itself (an unknown path, a wrong method, an
     * unreadable body); empty for a status none of the types stands for.
     */
    public static Optional<ProblemType> forStatus(int status) {
        return Optional.ofNullable(FOR_STATUS.get(status));
    }
}
