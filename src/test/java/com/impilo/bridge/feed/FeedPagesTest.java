package com.impilo.bridge.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;

import com.impilo.bridge.model.ImpiloJson;
import org.junit.jupiter.api.Test;

/** Pages and orders read from the API's JSON text, each order kept exactly as it was sent. */
class FeedPagesTest {

    @Test
    void reads_a_page_keeping_each_orders_text_with_fields_the_model_does_not_know() throws Exception {
        String first = "{\"id\": 1002, \"currentStatus\": \"shipped\", \"newField\": {\"x\": [1.50, true]}}";
        String second = "{\"id\":1001,\"externalOrderIds\":[\"a-1\",\"b-2\"],\"orderEvents\":[]}";
        String page = "{\"content\": [ " + first + " ,\n" + second + "], \"page\": 2, \"size\": 2,"
                + " \"total\": 7, \"first\": false, \"last\": false, \"extra\": {\"ignored\": [1]}}";

        FeedPage read = FeedPages.read(page);

        assertThat(read.orders()).extracting(FeedOrder::id).containsExactly(1002L, 1001L);
        assertThat(read.orders()).extracting(FeedOrder::json).containsExactly(first, second);
        assertThat(read.orders().get(0).tree()).isEqualTo(ImpiloJson.mapper().readTree(first));
        assertThat(read.orders().get(0).currentStatus()).isEqualTo("shipped");
        assertThat(read.orders().get(1).externalOrderIds()).containsExactly("a-1", "b-2");
        assertThat(read.page()).isEqualTo(2);
        assertThat(read.total()).isEqualTo(7);
        assertThat(read.last()).isFalse();
        assertThat(read.skipped()).isZero();
    }

    @Test
    void reads_pagination_fields_before_the_content_and_missing_ones_as_null() {
        FeedPage read = FeedPages.read("{\"last\": true, \"content\": [{\"id\": 5}]}");

        assertThat(read.last()).isTrue();
        assertThat(read.page()).isNull();
        assertThat(read.total()).isNull();
        assertThat(read.orders()).extracting(FeedOrder::json).containsExactly("{\"id\": 5}");
    }

    @Test
    void skips_list_elements_that_are_not_orders_with_an_id() {
        FeedPage read = FeedPages.read("{\"content\": [{\"id\": \"x\"}, {}, 7, null, {\"id\": 9}], \"last\": true}");

        assertThat(read.orders()).extracting(FeedOrder::id).containsExactly(9L);
        assertThat(read.skipped()).isEqualTo(4);
    }

    @Test
    void refuses_an_answer_that_is_not_a_page() {
        assertThatThrownBy(() -> FeedPages.read("[1, 2]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeedPages.read("{\"content\": {}}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeedPages.read("{\"content\": [{\"id\": 1}"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("the list answer is not readable JSON");
    }

    @Test
    void reads_a_single_order_and_the_order_in_a_field() {
        String order = "{\"id\": 42, \"currentStatus\": \"delivered\"}";

        assertThat(FeedPages.order(order)).extracting(FeedOrder::id, FeedOrder::json).containsExactly(42L, order);
        assertThat(FeedPages.orderIn("{\"id\": \"wh-1\", \"payload\": " + order + ", \"type\": \"t\"}", "payload"))
                .extracting(FeedOrder::id, FeedOrder::json).containsExactly(42L, order);
        assertThat(FeedPages.orderIn("{\"id\": \"wh-1\"}", "payload")).isNull();
        assertThat(FeedPages.order("{\"currentStatus\": \"delivered\"}")).isNull();
    }
}
