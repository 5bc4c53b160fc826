package dev.switchboard.push.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import dev.switchboard.contract.problem.Problem;
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.push.config.TestPushConfig;
import dev.switchboard.push.service.PushException;

/** A 503 of push-service says when to try again ({@code switchboard.push.retry-after}); no other answer does. */
class PushErrorMappersTest {

    @Test
    void busyAndNotAcceptedCarryTheConfiguredRetryAfterInWholeSecondsRoundedUp() {
        PushErrorMappers mappers =
                new PushErrorMappers(TestPushConfig.of(Map.of("switchboard.push.retry-after", "PT2.5S")));
        for (ProblemType type : new ProblemType[] {ProblemType.BUSY, ProblemType.NOT_ACCEPTED}) {
            Response answer = mappers.refused(new PushException(type, "try again"));
            assertThat(answer.getStatus()).isEqualTo(503);
            assertThat(answer.getHeaderString("Retry-After")).isEqualTo("3");
            assertThat(answer.getMediaType()).hasToString(Problem.MEDIA_TYPE);
        }
        assertThat(new PushErrorMappers(TestPushConfig.of(Map.of()))
                        .refused(new PushException(ProblemType.BUSY, "x"))
                        .getHeaderString("Retry-After"))
                .as("the default, PT1S")
                .isEqualTo("1");
    }

    @Test
    void anyOtherRefusalHasNoRetryAfter() {
        Response answer = new PushErrorMappers(TestPushConfig.of(Map.of()))
                .refused(new PushException(ProblemType.INVALID_TTL, "ttl out of range"));
        assertThat(answer.getStatus()).isEqualTo(400);
        assertThat(answer.getHeaderString("Retry-After")).isNull();
    }
}
