package dev.switchboard.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(JoinSharedClusterResource.class)
class ClientResourceTest {

    @Inject
    HazelcastInstance member;

    @TestHTTPResource("/")
    URI base;

    @Test
    void cacheServiceIsAMemberOfTheClusterAndReady() throws Exception {
        assertThat(member.getCluster().getMembers()).hasSizeGreaterThanOrEqualTo(2);
        HttpResponse<String> ready = get("/q/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("hazelcast");
    }

    @Test
    void clientsWrittenByAnotherMemberAreListedAndFound() throws Exception {
        String user = "user-" + UUID.randomUUID();
        ClientRecord phone = new ClientRecord("c-" + UUID.randomUUID(), "node-a", user, "websocket", "", 1, "");
        ClientRecord laptop = new ClientRecord("c-" + UUID.randomUUID(), "node-b", user, "sse", "", 2, "");
        var clients = SharedInfrastructure.hazelcast().member(0).<String, ClientRecord>getMap(HazelcastNames.CLIENTS);
        clients.set(phone.clientId(), phone);
        clients.set(laptop.clientId(), laptop);

        HttpResponse<String> one = get("/clients/" + phone.clientId());
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).contains("\"nodeId\":\"node-a\"");

        HttpResponse<String> mine = get("/clients?userId=" + user);
        assertThat(mine.body()).contains(phone.clientId()).contains(laptop.clientId());
        assertThat(mine.body().indexOf(phone.clientId())).isLessThan(mine.body().indexOf(laptop.clientId()));

        assertThat(get("/clients/nobody").statusCode()).isEqualTo(404);
        assertThat(get("/clients?limit=0").statusCode()).isEqualTo(400);
    }

    /** As a dashboard: the client registry needs switchboard-reader. */
    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .timeout(Duration.ofSeconds(20))
                                .header("Authorization", TestTokens.bearer(TestTokens.reader()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
