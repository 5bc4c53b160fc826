package dev.switchboard.cache.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.cache.JoinSharedClusterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** This member, joined to the shared test cluster, reports how many members it sees. */
@QuarkusTest
@WithTestResource(JoinSharedClusterResource.class)
class ClusterMetricsTest {

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @Inject
    HazelcastInstance member;

    @Test
    void theMemberCountIsExported() throws Exception {
        int members = member.getCluster().getMembers().size();
        assertThat(members).as("the shared member and this one").isGreaterThanOrEqualTo(2);
        String body = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(metrics)
                                .timeout(Duration.ofSeconds(20))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(body).contains("switchboard_hazelcast_cluster_members " + members + ".0");
    }
}
