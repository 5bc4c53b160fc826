package dev.switchboard.demo.cart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class CartEditTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static boolean valid(String json) throws Exception {
        return CartEdit.parse(JSON.readTree(json)).isPresent();
    }

    @Test
    void anEditReadsBackFromItsJson() throws Exception {
        CartEdit edit = CartEdit.parse(
                        JSON.readTree("{\"id\":\"e-1\",\"op\":\"add\",\"item\":\" apple \",\"quantity\":2}"))
                .orElseThrow();
        assertThat(edit).isEqualTo(new CartEdit("e-1", CartEdit.Op.ADD, "apple", 2));
        assertThat(CartEdit.parse(edit.toJson())).contains(edit);
        CartEdit remove = CartEdit.parse(JSON.readTree("{\"id\":\"e2\",\"op\":\"remove\",\"item\":\"pear\"}"))
                .orElseThrow();
        assertThat(CartEdit.parse(remove.toJson())).contains(remove);
    }

    @Test
    void whatIsNotAnEditIsRefused() throws Exception {
        assertThat(valid("[]")).isFalse();
        assertThat(valid("{\"op\":\"add\",\"item\":\"a\",\"quantity\":1}"))
                .as("no id")
                .isFalse();
        assertThat(valid("{\"id\":\"has space\",\"op\":\"add\",\"item\":\"a\",\"quantity\":1}"))
                .isFalse();
        assertThat(valid("{\"id\":\"e\",\"op\":\"add\",\"item\":\"  \",\"quantity\":1}"))
                .isFalse();
        assertThat(valid("{\"id\":\"e\",\"op\":\"add\",\"item\":\"a\\u0007\",\"quantity\":1}"))
                .isFalse();
        assertThat(valid("{\"id\":\"e\",\"op\":\"add\",\"item\":\"" + "x".repeat(65) + "\",\"quantity\":1}"))
                .isFalse();
        assertThat(valid("{\"id\":\"e\",\"op\":\"add\",\"item\":\"a\",\"quantity\":0}"))
                .isFalse();
        assertThat(valid("{\"id\":\"e\",\"op\":\"add\",\"item\":\"a\",\"quantity\":100}"))
                .isFalse();
        assertThat(valid("{\"id\":\"e\",\"op\":\"add\",\"item\":\"a\",\"quantity\":1.5}"))
                .isFalse();
        assertThat(valid("{\"id\":\"e\",\"op\":\"empty\",\"item\":\"a\"}")).isFalse();
    }
}
