package dev.switchboard.contract.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.contract.channel.ChannelNames.Outcome;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Channel names and namespace rules, on settings read the way a service reads them (with the built-in defaults). */
class ChannelNamesTest {

    @Test
    void theBuiltInUserNamespaceIsPrivateToItsUserAndClosedToClientPublishers() {
        ChannelNames names = names(Map.of());
        assertThat(names.subscribe("alice", "user:alice").allowed()).isTrue();
        assertThat(names.subscribe("bob", "user:alice")).satisfies(verdict -> {
            assertThat(verdict.outcome()).isEqualTo(Outcome.NOT_ALLOWED);
            assertThat(verdict.reason()).contains("only its own user", "user:alice");
        });
        assertThat(names.publish("alice", "user:alice").outcome()).isEqualTo(Outcome.NOT_ALLOWED);
        assertThat(names.publishAsServer("user:alice").allowed()).isTrue();
        assertThat(names.namespaceOf("user:alice").orElseThrow().historySize()).isEqualTo(100);
    }

    @Test
    void theOwnerIsTheWholeRestOfTheNameSoAPrefixOfAnotherUserIsNotEnough() {
        ChannelNames names = names(Map.of());
        assertThat(names.subscribe("anonymous:1234", "user:anonymous:1234").allowed())
                .isTrue();
        assertThat(names.subscribe("anonymous", "user:anonymous:1234").allowed())
                .isFalse();
        assertThat(names.subscribe("alice", "user:alice:extra").allowed()).isFalse();
        assertThat(names.subscribe("", "user:").allowed()).isFalse();
    }

    @Test
    void eachKeyOfTheBuiltInNamespaceCanBeOverriddenOnItsOwn() {
        ChannelNames names = names(Map.of("switchboard.channels.namespaces.user.history-size", "5"));
        ChannelSettings.Namespace user = names.namespaceOf("user:alice").orElseThrow();
        assertThat(user.historySize()).isEqualTo(5);
        assertThat(user.subscribe()).isEqualTo(ChannelSettings.Rule.OWNER);
    }

    @Test
    void aWorkerNamespaceLeavesSubscribingToTheWorkerAndPublishingToNoClient() {
        ChannelNames names = names(Map.of("switchboard.channels.namespaces.club.subscribe", "WORKER"));
        ChannelNames.Verdict subscribe = names.subscribe("alice", "club:chess");
        assertThat(subscribe.outcome()).isEqualTo(Outcome.ASK_WORKER);
        assertThat(subscribe.allowed())
                .as("not allowed until the worker says so")
                .isFalse();
        assertThat(names.publish("alice", "club:chess").outcome()).isEqualTo(Outcome.NOT_ALLOWED);
        assertThat(names.publishAsServer("club:chess").allowed()).isTrue();
    }

    @Test
    void unconfiguredNamespacesAndNamesWithoutOneDoNotExist() {
        ChannelNames names = names(Map.of());
        assertThat(names.subscribe("alice", "news:today")).satisfies(verdict -> {
            assertThat(verdict.outcome()).isEqualTo(Outcome.UNKNOWN_NAMESPACE);
            assertThat(verdict.reason()).contains("'news'");
        });
        assertThat(names.subscribe("alice", "lobby").outcome()).isEqualTo(Outcome.UNKNOWN_NAMESPACE);
        assertThat(names.publishAsServer("lobby").outcome()).isEqualTo(Outcome.UNKNOWN_NAMESPACE);
    }

    @Test
    void aPublicNamespaceAndTheDefaultNamespaceFollowTheirRules() {
        ChannelNames names = names(Map.of(
                "switchboard.channels.namespaces.chat.publish",
                "ANY",
                "switchboard.channels.namespaces.news.subscribe",
                "ANY",
                "switchboard.channels.default-namespace",
                "chat"));
        assertThat(names.subscribe("alice", "chat:room-1").allowed()).isTrue();
        assertThat(names.publish("bob", "chat:room-1").allowed()).isTrue();
        assertThat(names.publish("bob", "room-1").allowed()).isTrue();
        assertThat(names.subscribe("bob", "news:today").allowed()).isTrue();
        assertThat(names.publish("bob", "news:today")).satisfies(verdict -> {
            assertThat(verdict.outcome()).isEqualTo(Outcome.NOT_ALLOWED);
            assertThat(verdict.reason()).contains("clients may not publish");
        });
    }

    @Test
    void namesThatAreEmptyTooLongOrNotVisibleAsciiAreRefused() {
        ChannelNames names = names(Map.of("switchboard.channels.max-name-length", "12"));
        assertThat(names.subscribe("alice", "").outcome()).isEqualTo(Outcome.BAD_NAME);
        assertThat(names.subscribe("alice", null).outcome()).isEqualTo(Outcome.BAD_NAME);
        assertThat(names.subscribe("alice", "user:alice-and-more").outcome()).isEqualTo(Outcome.BAD_NAME);
        assertThat(names.subscribe("alice", "user:al ce").outcome()).isEqualTo(Outcome.BAD_NAME);
        assertThat(names.subscribe("alice", "user:al\u00e9").outcome()).isEqualTo(Outcome.BAD_NAME);
        assertThat(names.subscribe("alice", "user:al\nx").outcome()).isEqualTo(Outcome.BAD_NAME);
    }

    static ChannelSettings settings(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(ChannelSettings.class)
                .withSources(new ChannelDefaultsConfigSource(), new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(ChannelSettings.class);
    }

    private static ChannelNames names(Map<String, String> properties) {
        return new ChannelNames(settings(properties));
    }
}
