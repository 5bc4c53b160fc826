package dev.switchboard.contract.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The body of every error answer of every Switchboard HTTP API: an RFC 9457 problem details object, sent as
 * {@value #MEDIA_TYPE}. {@code type}, {@code title} and {@code status} are those of its {@link ProblemType};
 * {@code detail} says what was wrong with this request; {@code code} (an extension member) is the type's code,
 * for clients that switch on a short name. docs/errors.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "code"})
public record Problem(String type, String title, int status, String detail, String code) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** RFC 9457's type for a status with no more specific meaning. */
    public static final String BLANK = "about:blank";

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, type.code());
    }

    /**
     * A status an HTTP framework answered by itself: its generic {@link ProblemType}, or, for a status none stands
     * for, {@value #BLANK} titled with the status' reason phrase (RFC 9457 section 4.2.1).
     */
    public static Problem ofStatus(int status, String reasonPhrase, String detail) {
        return ProblemType.forStatus(status)
                .map(type -> of(type, detail))
                .orElseGet(() -> new Problem(BLANK, reasonPhrase, status, detail, null));
    }

    /** The body as it goes on the wire. */
    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem of strings and an int could not be written", e);
        }
    }
}
