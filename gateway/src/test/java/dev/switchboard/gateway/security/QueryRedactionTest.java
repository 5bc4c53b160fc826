package dev.switchboard.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryRedactionTest {

    @Test
    void ticketsAndTokensInQueriesAndUrlsAreRedactedAndNothingElse() {
        assertThat(QueryRedaction.redact("ticket=abc-DEF_123&lastEventId=c1:5&url=x"))
                .isEqualTo("ticket=REDACTED&lastEventId=c1:5&url=x");
        assertThat(QueryRedaction.redact("url=https%3A%2F%2Fa&access_token=eyJ.x.y"))
                .isEqualTo("url=https%3A%2F%2Fa&access_token=REDACTED");
        assertThat(QueryRedaction.redact("http://gw:8080/ws?ticket=t1#frag"))
                .isEqualTo("http://gw:8080/ws?ticket=REDACTED#frag");
        assertThat(QueryRedaction.redact("myticket=keep&tickets=keep")).isEqualTo("myticket=keep&tickets=keep");
    }
}
