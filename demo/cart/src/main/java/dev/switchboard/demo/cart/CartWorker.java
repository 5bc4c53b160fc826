package dev.switchboard.demo.cart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.cache.api.Cache;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.Headers;
import dev.switchboard.worker.api.MessageEvent;
import dev.switchboard.worker.api.ServiceWorker;
import dev.switchboard.worker.api.SyncEvent;
import dev.switchboard.worker.api.WorkerGlobalScope;

/**
 * The seed's cart, kept on the server and edited from every device of a user (docs/demo.md).
 *
 * <ul>
 *   <li>{@code {"type": "get"}}: answers its device with {@code {"cart": {"version", "items"}}}.
 *   <li>{@code {"type": "edit", "edit": {"id", "op", "item", "quantity"}}} ({@link CartEdit}): registers a
 *       background sync of the user under the tag {@value #SYNC_TAG} with the edit as its payload. push-service runs
 *       the syncs of one user and tag one after the other, in the order they were registered, so the edits of all
 *       of a user's devices apply one at a time, in one order, whatever node handles them.
 *   <li>{@code onSync}: applies the edit to the cart in the Cache API (Hazelcast), unless its id was applied
 *       already, and publishes the cart on the user's private channel {@code user:<userId>}, which every device
 *       of the user subscribes to.
 * </ul>
 */
public class CartWorker implements ServiceWorker {

    static final String SYNC_TAG = "cart";
    private static final String CACHE = "carts";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void onMessage(MessageEvent event) {
        String user = event.source().userId();
        switch (event.data().path("type").asText("")) {
            case "get" ->
                event.source()
                        .postMessage(Map.of("cart", load(event.self(), user).view()));
            case "edit" ->
                CartEdit.parse(event.data().get("edit"))
                        .ifPresentOrElse(
                                edit -> event.self().registration().registerSync(user, SYNC_TAG, edit.toJson()),
                                () -> event.source().postMessage(Map.of("refused", "not a valid cart edit")));
            default ->
                event.source()
                        .postMessage(Map.of("refused", "a cart message is {type: 'get'} or {type: 'edit', edit}"));
        }
    }

    @Override
    public void onSync(SyncEvent event) {
        if (!SYNC_TAG.equals(event.tag())) {
            return;
        }
        CartEdit.parse(event.payload()).ifPresent(edit -> {
            Cart cart = load(event.self(), event.userId());
            if (cart.apply(edit)) {
                store(event.self(), event.userId(), cart);
            }
            // Published also when the edit was applied before: an attempt run again after a crash between the
            // store and the publication still tells the devices.
            event.self().channel("user:" + event.userId()).postMessage(Map.of("cart", cart.view()));
        });
    }

    private static Cart load(WorkerGlobalScope self, String user) {
        return carts(self).match(url(self, user)).map(CartWorker::read).orElseGet(Cart::empty);
    }

    private static void store(WorkerGlobalScope self, String user, Cart cart) {
        carts(self)
                .put(
                        url(self, user),
                        CacheResponse.of(
                                200, cart.toJson().toString(), Headers.of("Content-Type", "application/json")));
    }

    private static Cache carts(WorkerGlobalScope self) {
        return self.caches().open(CACHE);
    }

    /** The cart's key: a URL under the registration's scope, one per user. */
    private static String url(WorkerGlobalScope self, String user) {
        return self.registration().scope() + "carts/" + URLEncoder.encode(user, StandardCharsets.UTF_8);
    }

    private static Cart read(CacheResponse response) {
        try {
            return Cart.fromJson(JSON.readTree(response.text()));
        } catch (IOException e) {
            throw new UncheckedIOException("a stored cart is not JSON", e);
        }
    }
}
