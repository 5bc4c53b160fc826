package dev.switchboard.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnonymousTokensTest {

    @Test
    void eachIssuedTokenIsAUserOfItsOwnThatOnlyItsTokenProves() {
        Principal first = AnonymousTokens.issue();
        Principal second = AnonymousTokens.issue();
        assertThat(first.userId()).startsWith(AnonymousTokens.USER_PREFIX).isNotEqualTo(second.userId());
        assertThat(first.userId()).matches("anonymous:[A-Za-z0-9_-]{22}");
        assertThat(AnonymousTokens.userOf(first.issuedToken())).contains(first.userId());
        assertThat(first.issuedToken()).doesNotContain(first.userId().substring(AnonymousTokens.USER_PREFIX.length()));

        String token = first.issuedToken();
        char last = token.charAt(token.length() - 1);
        String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(AnonymousTokens.userOf(altered)).isPresent().get().isNotEqualTo(first.userId());
        assertThat(AnonymousTokens.userOf(token + "x")).isEmpty();
        assertThat(AnonymousTokens.userOf("sb-anon-" + "*".repeat(43))).isEmpty();
        assertThat(AnonymousTokens.userOf(first.userId())).isEmpty();
    }
}
