package com.impilo.bridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.impilo.bridge.model.Order;
import com.impilo.bridge.model.OrderStatus;
import org.junit.jupiter.api.Test;

/** Impilo's answer to a created order, read whole for a host and by its id and status for a partner file's order. */
class ApiMessagesTest {

    private static final String ANSWER = "{\"externalOrderIds\":[\"po-1\"],\"patient\":{\"id\":7,\"name\":{\"first\":"
            + "\"A\"}},\"orderItems\":[{\"item\":{\"id\":3},\"count\":2}],\"id\":4711,\"currentStatus\":\"processing\","
            + "\"orderEvents\":[{\"status\":\"processing\",\"id\":99}],\"somethingNew\":{\"id\":5}}";

    @Test
    void the_id_and_status_are_read_as_the_whole_answer_has_them_and_nothing_else() {
        Order whole = ApiMessages.createdOrder(ANSWER);
        Order light = ApiMessages.createdOrderIdAndStatus(ANSWER.getBytes(StandardCharsets.UTF_8));

        assertThat(light.id()).isEqualTo(4711L).isEqualTo(whole.id());
        assertThat(light.currentStatus()).isEqualTo(whole.currentStatus()).isNotNull();
        assertThat(light.patient()).as("not read").isNull();
        assertThat(whole.patient().id()).isEqualTo(7);
    }

    @Test
    void an_unknown_status_and_odd_answers_read_as_the_whole_answer_reads_them() {
        assertThat(ApiMessages.createdOrderIdAndStatus(
                "{\"id\":1,\"currentStatus\":\"teleported\"}".getBytes(StandardCharsets.UTF_8)).currentStatus())
                .isEqualTo(OrderStatus.UNRECOGNIZED);
        for (String odd : new String[] {"", "  ", "[1,2]", "{\"id\":", "not json"}) {
            Order light = ApiMessages.createdOrderIdAndStatus(odd.getBytes(StandardCharsets.UTF_8));
            assertThat(light.id()).as(odd).isNull();
            assertThat(light.id()).as(odd).isEqualTo(ApiMessages.createdOrder(odd).id());
        }
    }
}
