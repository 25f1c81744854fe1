package com.impilo.bridge.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

/** When a walk through the list pages goes on and when it stops. */
class FeedWalkTest {

    @Test
    void asks_for_page_after_page_until_the_last() {
        FeedWalk walk = new FeedWalk(2);

        assertThat(walk.nextQuery().queryString()).isEqualTo("page=1&size=2");
        walk.accept(page(2, 1, 5L, false));
        assertThat(walk.hasMore()).isTrue();
        assertThat(walk.nextQuery().page()).isEqualTo(2);
        walk.accept(page(2, 2, 5L, false));
        walk.accept(page(1, 3, 5L, true));

        assertThat(walk.hasMore()).isFalse();
        assertThat(walk.result(null)).satisfies(result -> {
            assertThat(result.completed()).isTrue();
            assertThat(result.pages()).isEqualTo(3);
            assertThat(result.ordersSeen()).isEqualTo(5);
            assertThat(result.listChanged()).isFalse();
            assertThat(result.end()).isEqualTo("last page");
        });
    }

    @Test
    void stops_at_an_empty_page_even_without_last() {
        FeedWalk walk = new FeedWalk(2);
        walk.accept(page(2, 1, null, null));
        walk.accept(page(0, 2, null, null));

        assertThat(walk.hasMore()).isFalse();
        assertThat(walk.result(null).end()).isEqualTo("empty page");
    }

    @Test
    void stops_when_the_api_answers_another_page_than_asked() {
        FeedWalk walk = new FeedWalk(2);
        walk.accept(page(2, 1, 10L, false));
        walk.accept(page(2, 1, 10L, false));

        assertThat(walk.hasMore()).isFalse();
        assertThat(walk.result(null).end()).contains("answered page 1 when asked for page 2");
    }

    @Test
    void stops_one_page_past_the_largest_total_when_last_never_comes() {
        FeedWalk walk = new FeedWalk(2);
        for (int page = 1; page <= 3; page++) {
            assertThat(walk.hasMore()).isTrue();
            walk.accept(page(2, null, 3L, false));
        }

        assertThat(walk.hasMore()).isFalse();
        assertThat(walk.result(null).end()).contains("past the 3 orders");
    }

    @Test
    void notices_a_total_that_changed_and_follows_the_list_to_its_new_end() {
        FeedWalk walk = new FeedWalk(2);
        walk.accept(page(2, 1, 4L, false));
        walk.accept(page(2, 2, 6L, false));
        assertThat(walk.hasMore()).as("the list grew by a page").isTrue();
        walk.accept(page(2, 3, 6L, true));

        assertThat(walk.result(null).listChanged()).isTrue();
    }

    @Test
    void reports_a_failure_with_what_was_done_until_then() {
        FeedWalk walk = new FeedWalk(2);
        walk.accept(page(2, 1, 10L, false));
        walk.emitted();
        walk.orderFailed();

        assertThat(walk.result("the Impilo API answered HTTP 503")).satisfies(result -> {
            assertThat(result.completed()).isFalse();
            assertThat(result.emitted()).isEqualTo(1);
            assertThat(result.failedOrders()).isEqualTo(1);
            assertThat(result.toString()).startsWith("failed (the Impilo API answered HTTP 503): 1 page(s)");
        });
    }

    private static FeedPage page(int orders, Integer number, Long total, Boolean last) {
        List<FeedOrder> content = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            content.add(new FeedOrder(i, "{}", JsonNodeFactory.instance.objectNode()));
        }
        return new FeedPage(content, number, total, last, 0);
    }
}
