package dev.switchboard.cache.api.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CacheNamesTest {

    @Test
    void everyUtf16SequenceSurvivesTheRoundTrip() {
        for (String name : new String[] {
            "", "plain", "100%", "%0041", "unpaired\uD800", "\uDC00first", "pair \uD83D\uDE00 ok", "a\000b"
        }) {
            assertThat(CacheNames.decode(CacheNames.encode(name))).isEqualTo(name);
        }
        assertThat(CacheNames.encode("plain")).isEqualTo("plain");
        assertThat(CacheNames.encode("unpaired\uD800")).isNotEqualTo(CacheNames.encode("unpaired\uFFFD"));
    }
}
