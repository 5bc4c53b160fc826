package dev.switchboard.demo.cart;

import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One edit of a cart, as a device sends it: {@code {"id", "op": "add" | "remove", "item", "quantity"}}. The id is
 * the device's own (a UUID, say): an edit that arrives twice (a message sent again after its ack was lost) is
 * applied once.
 */
public record CartEdit(String id, Op op, String item, int quantity) {

    /** What an edit does to its item. */
    public enum Op {
        /** Adds {@code quantity} (negative: takes away); an item at 0 or less leaves the cart. */
        ADD,
        /** Takes the item out of the cart, whatever its quantity. */
        REMOVE
    }

    static final int MAX_ITEM_LENGTH = 64;
    static final int MAX_QUANTITY_CHANGE = 99;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The edit {@code node} describes, or empty when it is not a valid one. */
    public static Optional<CartEdit> parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        String id = node.path("id").asText("");
        String item = node.path("item").asText("").strip();
        String op = node.path("op").asText("");
        boolean validItem = !item.isEmpty()
                && item.length() <= MAX_ITEM_LENGTH
                && item.codePoints().noneMatch(Character::isISOControl);
        if (!ID.matcher(id).matches() || !validItem) {
            return Optional.empty();
        }
        if (op.equals("remove")) {
            return Optional.of(new CartEdit(id, Op.REMOVE, item, 0));
        }
        JsonNode quantity = node.path("quantity");
        if (!op.equals("add")
                || !quantity.canConvertToInt()
                || !quantity.isIntegralNumber()
                || quantity.asInt() == 0
                || Math.abs(quantity.asInt()) > MAX_QUANTITY_CHANGE) {
            return Optional.empty();
        }
        return Optional.of(new CartEdit(id, Op.ADD, item, quantity.asInt()));
    }

    /** The edit as {@link #parse} reads it: the payload of its background sync. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", id);
        node.put("op", op == Op.ADD ? "add" : "remove");
        node.put("item", item);
        if (op == Op.ADD) {
            node.put("quantity", quantity);
        }
        return node;
    }
}
