package dev.switchboard.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.switchboard.gateway.limits.MessageRate.Verdict;

class MessageRateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstPassesThenTheFirstOverIsToldTheNextAreDroppedAndTooManyInARowClose() {
        MessageRate rate = new MessageRate(10, 3, 2, 0);
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            verdicts.add(rate.admit(0));
        }
        assertThat(verdicts)
                .containsExactly(
                        Verdict.ACCEPT,
                        Verdict.ACCEPT,
                        Verdict.ACCEPT,
                        Verdict.REFUSE_WITH_ERROR,
                        Verdict.REFUSE,
                        Verdict.CLOSE,
                        Verdict.CLOSE);
    }

    @Test
    void theBucketRefillsAtTheRateAndAnAcceptedMessageEndsARun() {
        MessageRate rate = new MessageRate(10, 2, 5, 0);
        assertThat(rate.admit(0)).isEqualTo(Verdict.ACCEPT);
        assertThat(rate.admit(0)).isEqualTo(Verdict.ACCEPT);
        assertThat(rate.admit(0)).isEqualTo(Verdict.REFUSE_WITH_ERROR);
        assertThat(rate.admit(SECOND / 10))
                .as("one token a tenth of a second later")
                .isEqualTo(Verdict.ACCEPT);
        assertThat(rate.admit(SECOND / 10)).as("a new run is told again").isEqualTo(Verdict.REFUSE_WITH_ERROR);
        assertThat(rate.admit(10 * SECOND)).isEqualTo(Verdict.ACCEPT);
        assertThat(rate.admit(10 * SECOND)).as("refilled up to the burst only").isEqualTo(Verdict.ACCEPT);
        assertThat(rate.admit(10 * SECOND)).isEqualTo(Verdict.REFUSE_WITH_ERROR);
    }
}
