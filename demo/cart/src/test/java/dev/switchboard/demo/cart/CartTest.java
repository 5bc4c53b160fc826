package dev.switchboard.demo.cart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class CartTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static CartEdit add(String id, String item, int quantity) {
        return new CartEdit(id, CartEdit.Op.ADD, item, quantity);
    }

    @Test
    void editsApplyInTheirOrderAndAnEditSeenAgainAppliesOnce() {
        Cart cart = Cart.empty();
        assertThat(cart.apply(add("a", "apple", 2))).isTrue();
        assertThat(cart.apply(add("b", "pear", 1))).isTrue();
        assertThat(cart.apply(add("a", "apple", 2))).as("the same edit again").isFalse();
        assertThat(cart.apply(new CartEdit("c", CartEdit.Op.REMOVE, "pear", 0))).isTrue();
        assertThat(cart.apply(add("d", "apple", -1))).isTrue();
        assertThat(cart.items()).isEqualTo(Map.of("apple", 1));
        assertThat(cart.version()).isEqualTo(4);
    }

    @Test
    void theSameEditsInTheSameOrderGiveTheSameCartOnEveryCopy() throws Exception {
        Cart one = Cart.empty();
        one.apply(add("a", "apple", 1));
        Cart two = Cart.fromJson(JSON.readTree(one.toJson().toString()));
        for (Cart cart : new Cart[] {one, two}) {
            cart.apply(new CartEdit("r", CartEdit.Op.REMOVE, "apple", 0));
            cart.apply(add("b", "apple", 3));
            cart.apply(add("a", "apple", 1));
        }
        assertThat(two.view()).isEqualTo(one.view());
        assertThat(one.items()).as("remove then add: the added quantity").isEqualTo(Map.of("apple", 3));
    }

    @Test
    void anItemAtZeroLeavesAndQuantitiesAndItemsAreBounded() {
        Cart cart = Cart.empty();
        cart.apply(add("a", "apple", 1));
        cart.apply(add("b", "apple", -5));
        assertThat(cart.items()).isEmpty();
        for (int n = 0; n < 12; n++) {
            cart.apply(add("q" + n, "pear", 99));
        }
        assertThat(cart.items()).containsEntry("pear", Cart.MAX_QUANTITY);
        for (int n = 0; n < Cart.MAX_ITEMS + 5; n++) {
            cart.apply(add("i" + n, "item " + n, 1));
        }
        assertThat(cart.items()).hasSize(Cart.MAX_ITEMS);
    }

    @Test
    void onlyTheLastEditIdsAreRemembered() throws Exception {
        Cart cart = Cart.empty();
        for (int n = 0; n < Cart.REMEMBERED_EDITS + 10; n++) {
            cart.apply(add("e" + n, "apple", 1));
        }
        assertThat(cart.toJson().get("applied")).hasSize(Cart.REMEMBERED_EDITS);
        Cart stored = Cart.fromJson(JSON.readTree(cart.toJson().toString()));
        assertThat(stored.apply(add("e" + (Cart.REMEMBERED_EDITS + 9), "apple", 1)))
                .isFalse();
    }
}
