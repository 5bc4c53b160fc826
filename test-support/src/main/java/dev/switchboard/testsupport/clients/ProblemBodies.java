package dev.switchboard.testsupport.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.problem.Problem;
import dev.switchboard.contract.problem.ProblemType;

/**
 * Reads an error answer as the problem docs/errors.md says every HTTP API answers with, so that every service's test
 * checks the same shape the same way: {@code application/problem+json}, the body's status the response's, and
 * type, title and code those of one {@link ProblemType}, with a detail.
 */
public final class ProblemBodies {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private ProblemBodies() {}

    /** Sends {@code request} and reads its answer's problem type. */
    public static ProblemType typeOf(HttpRequest.Builder request) {
        try {
            return typeOf(HTTP.send(
                    request.copy().timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The problem type of {@code response}; an {@link AssertionError} naming the answer when it is not one. */
    public static ProblemType typeOf(HttpResponse<String> response) {
        return typeOf(
                response.statusCode(),
                response.headers().firstValue("content-type").orElse(""),
                response.body());
    }

    /** The same for an answer read by other means than {@link HttpResponse} (a raw socket, say). */
    public static ProblemType typeOf(int status, String contentType, String body) {
        if (!contentType.startsWith(Problem.MEDIA_TYPE)) {
            throw failed(status, body, "content type " + contentType);
        }
        Problem problem;
        try {
            problem = JSON.readValue(body, Problem.class);
        } catch (IOException e) {
            throw failed(status, body, "a body that is not a problem: " + e.getMessage());
        }
        ProblemType type = ProblemType.ofCode(problem.code() == null ? "" : problem.code())
                .orElseThrow(() -> failed(status, body, "no documented code"));
        if (!problem.equals(Problem.of(type, problem.detail())) || problem.status() != status) {
            throw failed(status, body, "not the type, title and status of " + type.code());
        }
        if (problem.detail() == null || problem.detail().isBlank()) {
            throw failed(status, body, "no detail");
        }
        return type;
    }

    private static AssertionError failed(int status, String body, String why) {
        return new AssertionError("not a problem answer (" + why + "): " + status + " " + body);
    }
}
