package dev.switchboard.demo.cart;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A user's cart: item → quantity, its version (how many edits were applied) and the ids of the last edits applied,
 * so that an edit that arrives again is not applied twice. Edits apply one at a time, in the order the user's
 * background syncs run ({@link CartWorker}), so every device ends with the same cart.
 */
public final class Cart {

    /** How many edit ids are remembered: an edit that arrives again after this many newer ones applies again. */
    static final int REMEMBERED_EDITS = 512;
    /** At most this many items; an edit adding another one is applied as nothing. */
    static final int MAX_ITEMS = 100;
    /** No item's quantity goes above this. */
    static final int MAX_QUANTITY = 999;

    private final Map<String, Integer> items = new TreeMap<>();
    private final Deque<String> applied = new ArrayDeque<>();
    private long version;

    public static Cart empty() {
        return new Cart();
    }

    /** The cart {@link #toJson()} wrote. */
    public static Cart fromJson(JsonNode node) {
        Cart cart = new Cart();
        cart.version = node.path("version").asLong();
        node.path("items")
                .properties()
                .forEach(item -> cart.items.put(item.getKey(), item.getValue().asInt()));
        node.path("applied").forEach(id -> cart.applied.addLast(id.asText()));
        return cart;
    }

    /** Applies the edit unless it was applied already; true when it was applied now. */
    public boolean apply(CartEdit edit) {
        if (applied.contains(edit.id())) {
            return false;
        }
        switch (edit.op()) {
            case ADD -> {
                int quantity = Math.min(MAX_QUANTITY, items.getOrDefault(edit.item(), 0) + edit.quantity());
                if (quantity <= 0) {
                    items.remove(edit.item());
                } else if (items.containsKey(edit.item()) || items.size() < MAX_ITEMS) {
                    items.put(edit.item(), quantity);
                }
            }
            case REMOVE -> items.remove(edit.item());
        }
        version++;
        applied.addLast(edit.id());
        if (applied.size() > REMEMBERED_EDITS) {
            applied.removeFirst();
        }
        return true;
    }

    public long version() {
        return version;
    }

    public Map<String, Integer> items() {
        return Map.copyOf(items);
    }

    /** What devices see: {@code {"version", "items": {item: quantity}}}. */
    public ObjectNode view() {
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        view.put("version", version);
        ObjectNode list = view.putObject("items");
        items.forEach(list::put);
        return view;
    }

    /** The whole state, as it is stored. */
    public ObjectNode toJson() {
        ObjectNode node = view();
        ArrayNode ids = node.putArray("applied");
        applied.forEach(ids::add);
        return node;
    }
}
