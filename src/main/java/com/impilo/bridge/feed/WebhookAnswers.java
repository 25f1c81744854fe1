package com.impilo.bridge.feed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.impilo.bridge.api.ApiFailures;
import com.impilo.bridge.model.ImpiloJson;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The webhook receiver's HTTP answers: 200 once handled, 401, 400, 500, or 503 so that Impilo delivers again. */
public final class WebhookAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookAnswers.class);

    private WebhookAnswers() {
    }

    /** The answer once the order went through change detection (or was ignored): 200, or 503 so Impilo retries. */
    public static void answer(Exchange exchange) {
        boolean failed = exchange.getProperty(FeedChanges.FAILED, false, Boolean.class);
        ObjectNode answer = ImpiloJson.mapper().createObjectNode();
        if (exchange.getProperty(FeedChanges.ORDER) == null) {
            answer.put("status", "ignored");
        } else if (failed) {
            answer.put("status", "failed").put("message", "the change could not be recorded; retry later");
        } else {
            boolean changed = exchange.getProperty(FeedChanges.CHANGED, false, Boolean.class);
            answer.put("status", changed ? "emitted" : "unchanged");
        }
        respond(exchange, failed ? 503 : 200, answer);
    }

    /** 401: the secret is missing or wrong; nothing of the request is looked at. */
    public static void unauthorized(Exchange exchange) {
        LOG.warn("webhook refused: missing or wrong {}", WebhookReceiver.SECRET_HEADER);
        respond(exchange, 401, ImpiloJson.mapper().createObjectNode()
                .put("message", "missing or wrong " + WebhookReceiver.SECRET_HEADER));
    }

    /** 400: the request is not a webhook this receiver can read. */
    public static void invalid(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String message = failure == null ? "invalid webhook" : failure.getMessage();
        LOG.warn("webhook refused: {}", message);
        respond(exchange, 400, ImpiloJson.mapper().createObjectNode().put("message", message));
    }

    /** 500: something unexpected; Impilo retries the delivery later. */
    public static void failed(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.warn("webhook failed: {}", ApiFailures.describe(failure));
        respond(exchange, 500, ImpiloJson.mapper().createObjectNode().put("message", "webhook not processed"));
    }

    private static void respond(Exchange exchange, int status, ObjectNode body) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(body.toString());
    }
}
