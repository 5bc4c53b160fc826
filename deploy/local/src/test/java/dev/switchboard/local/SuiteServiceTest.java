package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class SuiteServiceTest {

    @Test
    void theSuiteStopsFromTheEdgeInwards() {
        assertThat(SuiteService.stopOrder())
                .containsExactly(
                        Set.of(SuiteService.GATEWAY),
                        Set.of(SuiteService.WORKER, SuiteService.PUSH),
                        Set.of(SuiteService.CACHE));
    }
}
