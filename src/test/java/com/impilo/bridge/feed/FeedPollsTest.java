package com.impilo.bridge.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

/** The steps of a feed poll, without a CamelContext: how a walk goes, stops for a shutdown, or fails and why. */
class FeedPollsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

    private final FeedPolls polls = new FeedPolls(2, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void a_walk_reads_pages_until_the_last_and_remembers_when_it_completed() {
        FeedWalk walk = polls.begin();
        assertThat(polls.nextQuery(walk).queryString()).contains("page=1").contains("size=2");

        assertThat(polls.orders(walk, "{\"content\":[{\"id\":1},{\"id\":2}],\"page\":1,\"last\":false}")).hasSize(2);
        assertThat(polls.hasMore(walk, false)).isTrue();
        assertThat(polls.orders(walk, "{\"content\":[{\"id\":3}],\"page\":2,\"last\":true}")).hasSize(1);
        assertThat(polls.hasMore(walk, false)).isFalse();

        FeedPollResult result = polls.completed(walk);
        assertThat(result.completed()).isTrue();
        assertThat(result.pages()).isEqualTo(2);
        assertThat(result.ordersSeen()).isEqualTo(3);
        assertThat(polls.lastCompleted()).isEqualTo(NOW);
    }

    @Test
    void a_shutdown_stops_the_walk_between_two_pages_and_the_next_poll_starts_again() {
        FeedWalk walk = polls.begin();
        polls.orders(walk, "{\"content\":[{\"id\":1},{\"id\":2}],\"page\":1,\"last\":false}");

        assertThat(polls.hasMore(walk, true)).isFalse();

        FeedPollResult result = polls.completed(walk);
        assertThat(result.end()).isEqualTo("stopped between two pages: the bridge is shutting down");
        assertThat(polls.lastCompleted()).as("a walk cut short is not a completed poll").isNull();
    }

    @Test
    void a_failed_poll_says_why_in_words_an_engineer_can_act_on() {
        FeedPollResult refused = polls.failed(polls.begin(), new HttpOperationFailedException(
                "http://impilo/api/v3/order", 401, "Unauthorized", null, Map.of(), "{}"));
        assertThat(refused.completed()).isFalse();
        assertThat(refused.end()).isEqualTo("the Impilo API answered HTTP 401 (API key refused: check impilo.api.key)");

        FeedPollResult unreachable = polls.failed(null, new ConnectException("Connection refused"));
        assertThat(unreachable.end()).isEqualTo("ConnectException: Connection refused");
        assertThat(unreachable.pages()).isZero();
    }
}
