package dev.switchboard.worker.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.switchboard.cache.api.CacheRequest;

/** Parsing route declarations: what each field builds, and clear errors for what is wrong. */
class DeclaredRoutesTest {

    @Test
    void aDeclarationBuildsItsRoutesInOrder() {
        DeclaredRoutes routes = DeclaredRoutes.parse(
                """
                [{"match":{"prefix":"/app/static/"},"strategy":"CacheFirst","cacheName":"static",
                  "options":{"cacheableStatuses":[200,404]}},
                 {"match":{"exact":"/app/"},"strategy":"NetworkFirst","options":{"networkTimeoutSeconds":0.5,
                  "fallbackUrl":"/app/offline.html"}},
                 {"match":{"regex":"\\\\.json$"},"strategy":"StaleWhileRevalidate"},
                 {"match":{"prefix":"https://cdn.example/"},"strategy":"CacheOnly"},
                 {"match":{"prefix":"/api/"},"strategy":"NetworkOnly"}]
                """);
        var list = routes.router().routes();
        assertThat(list).hasSize(5);
        assertThat(list.get(0).strategy()).isInstanceOf(CacheFirst.class);
        assertThat(((CacheFirst) list.get(0).strategy()).cacheName()).isEqualTo("static");
        assertThat(((CacheFirst) list.get(0).strategy()).cacheable().statuses()).containsExactlyInAnyOrder(200, 404);
        assertThat(list.get(1).strategy()).isInstanceOf(FallbackStrategy.class);
        assertThat(((FallbackStrategy) list.get(1).strategy()).strategy()).isInstanceOf(NetworkFirst.class);
        assertThat(routes.router().findRoute(CacheRequest.get("https://s.test/app/static/a.css")))
                .contains(list.get(0));
        assertThat(routes.router().findRoute(CacheRequest.get("https://s.test/app/")))
                .contains(list.get(1));
        assertThat(routes.router().findRoute(CacheRequest.get("https://s.test/app/x")))
                .isEmpty();
        assertThat(routes.router().findRoute(CacheRequest.get("https://s.test/d/data.json")))
                .contains(list.get(2));
        assertThat(routes.router().findRoute(CacheRequest.get("https://cdn.example/lib.js")))
                .contains(list.get(3));
        assertThat(DeclaredRoutes.parse("[]").isEmpty()).isTrue();
        assertThat(DeclaredRoutes.parse(null)).isSameAs(DeclaredRoutes.NONE);
    }

    @Test
    void malformedDeclarationsAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> DeclaredRoutes.parse("{")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> DeclaredRoutes.parse("{}")).hasMessageContaining("array");
        assertThatThrownBy(() -> DeclaredRoutes.parse("[{\"match\":{\"prefix\":\"/\"},\"strategy\":\"Fastest\"}]"))
                .hasMessageContaining("route 0")
                .hasMessageContaining("unknown strategy 'Fastest'");
        assertThatThrownBy(() -> DeclaredRoutes.parse("[{\"match\":{\"glob\":\"*\"},\"strategy\":\"CacheOnly\"}]"))
                .hasMessageContaining("'match' must be one of");
        assertThatThrownBy(() -> DeclaredRoutes.parse("[{\"match\":{\"regex\":\"(\"},\"strategy\":\"CacheOnly\"}]"))
                .hasMessageContaining("not a regular expression");
        assertThatThrownBy(
                        () -> DeclaredRoutes.parse(
                                "[{\"match\":{\"prefix\":\"/\"},\"strategy\":\"NetworkFirst\",\"options\":{\"networkTimeoutSeconds\":-1}}]"))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> DeclaredRoutes.parse(
                        "[{\"match\":{\"prefix\":\"/\"},\"strategy\":\"CacheFirst\",\"options\":{\"maxEntries\":3}}]"))
                .hasMessageContaining("unknown options [maxEntries]");
        assertThatThrownBy(
                        () -> DeclaredRoutes.parse(
                                "[{\"match\":{\"prefix\":\"/\"},\"strategy\":\"CacheFirst\",\"options\":{\"cacheableStatuses\":[\"x\"]}}]"))
                .hasMessageContaining("status codes");
    }
}
