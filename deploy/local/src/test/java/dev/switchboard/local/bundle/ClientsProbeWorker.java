package dev.switchboard.local.bundle;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.switchboard.worker.api.Client;
import dev.switchboard.worker.api.ClientQueryOptions;
import dev.switchboard.worker.api.ClientType;
import dev.switchboard.worker.api.MessageChannel;
import dev.switchboard.worker.api.MessageEvent;
import dev.switchboard.worker.api.ServiceWorker;
import dev.switchboard.worker.api.SubscribeEvent;

/**
 * The service worker {@code ClientsAcrossNodesIT} publishes as a bundle: a message {@code {"peek": "<client id>"}}
 * is answered to its source with what {@code self.clients} shows this event: {@code {"clients": [{"id", "userId"}…]}}
 * from {@code matchAll({type: 'all', includeUncontrolled: true})}, and {@code "peeked"}, the {@code get} of the
 * named client (its id, or an empty string when the event may not see it). Its {@code onSubscribe} lets a client
 * into a channel named after the client's own user ({@code club:<userId>}) and refuses others. A message
 * {@code {"call": "<client id>"}} opens a MessageChannel between its source and that client; {@code {"forward":
 * "<client id>"}} passes the ports the message brought to that client.
 */
public class ClientsProbeWorker implements ServiceWorker {

    private static final ClientQueryOptions EVERY_CLIENT = new ClientQueryOptions(true, ClientType.ALL);

    @Override
    public void onSubscribe(SubscribeEvent event) {
        if (event.channel().equals("club:" + event.client().userId())) {
            event.allow();
        } else {
            event.refuse("members only");
        }
    }

    @Override
    public void onMessage(MessageEvent event) {
        if (event.data().has("forward")) {
            // The ports the message brought, passed on to the client named.
            event.self()
                    .clients()
                    .get(event.data().get("forward").asText())
                    .orElseThrow()
                    .postMessage(Map.of("line", "forwarded"), event.ports());
            return;
        }
        if (event.data().has("call")) {
            // A direct line to the client named: port1 to the caller, port2 to the called.
            MessageChannel line = event.self().messageChannel();
            Client called = event.self()
                    .clients()
                    .get(event.data().get("call").asText())
                    .orElseThrow();
            event.source().postMessage(Map.of("line", "caller"), List.of(line.port1()));
            called.postMessage(Map.of("line", "called"), List.of(line.port2()));
            return;
        }
        List<Map<String, String>> clients = event.self().clients().matchAll(EVERY_CLIENT).stream()
                .map(client -> Map.of("id", client.id(), "userId", client.userId()))
                .toList();
        Optional<Client> peeked =
                event.self().clients().get(event.data().path("peek").asText(""));
        event.source()
                .postMessage(Map.of(
                        "clients", clients, "peeked", peeked.map(Client::id).orElse("")));
    }
}
