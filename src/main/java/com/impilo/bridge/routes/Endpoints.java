package com.impilo.bridge.routes;

/** Every endpoint URI of the bridge, in one place, built from {@code {{placeholders}}} of the configuration. */
public final class Endpoints {

    /** Per-order processing: validate, de-duplicate, create, record. Body: a ParsedOrder. */
    public static final String PROCESS_ORDER = "direct:order-process";
    /** Where orders land when they could not be delivered. */
    public static final String ORDER_UNDELIVERED = "direct:order-undelivered";
    /** Creates one order at Impilo. Body: an Order or its JSON; reply: the created Order. */
    public static final String IMPILO_CREATE_ORDER = "direct:impilo-create-order";
    /** Lists orders at Impilo. Body: a ListOrdersQuery; reply: the page's JSON text as the API returned it. */
    public static final String IMPILO_LIST_ORDERS = "direct:impilo-list-orders";
    /** Fetches one order from Impilo. Body: its Impilo id (a number); reply: the order's JSON text. */
    public static final String IMPILO_GET_ORDER = "direct:impilo-get-order";

    /** Runs one feed poll now and answers with its FeedPollResult; the schedule uses it, tests and hosts may too. */
    public static final String FEED_POLL_NOW = "direct:feed-poll-now";
    /** Change detection and emission of one order. Body: a FeedOrder. */
    public static final String FEED_ORDER = "direct:feed-order";
    /**
     * The order feed for an embedding application or a user route: one message per change, body the order's JSON as
     * the API returned it, headers ImpiloOrderId, ImpiloOrderStatus, ImpiloPartner, ImpiloFeedVia. Consume it with
     * {@code from("direct:impilo-order-feed")}; without a consumer the messages are dropped (the outbox has them).
     */
    public static final String ORDER_FEED = "direct:impilo-order-feed";

    private Endpoints() {
    }

    /**
     * The local inbox. A file is read only once it has not changed for {@code bridge.pickup.min-age} (a file still
     * being written is left alone); dotfiles, temp/partial uploads and the bridge's own side files are ignored; after
     * processing the file moves to where {@code bridgeArchive} says (done/, rejected/ or undelivered/).
     */
    public static String inbox() {
        return "file:{{bridge.data.dir}}/inbox"
                + "?readLock=changed"
                + "&readLockMinAge={{bridge.pickup.min-age}}"
                + "&readLockCheckInterval={{bridge.pickup.check-interval}}"
                + "&readLockTimeout={{bridge.pickup.lock-timeout}}"
                + "&readLockMinLength=0"
                + "&initialDelay={{bridge.pickup.initial-delay}}"
                + "&delay={{bridge.pickup.poll-delay}}"
                + "&antExclude=**/*.tmp,**/*.part,**/*.error.json,**/*.receipt.json"
                + "&antFilterCaseSensitive=false"
                + "&sortBy=file:modified"
                + "&move=${exchangeProperty.bridgeArchive}"
                + "&sendEmptyMessageWhenIdle={{bridge.once}}";
    }

    /** POST /api/v3/order on the configured API; non-2xx answers raise HttpOperationFailedException. */
    public static String createOrder() {
        return "{{impilo.api.url}}/api/v3/order?httpMethod=POST&throwExceptionOnFailure=true";
    }

    /**
     * GET /api/v3/order on the configured API: the query comes from the CamelHttpQuery header, and with a
     * CamelHttpPath header of {@code /<id>} it is GET /api/v3/order/{id}; non-2xx answers raise
     * HttpOperationFailedException.
     */
    public static String readOrders() {
        return "{{impilo.api.url}}/api/v3/order?httpMethod=GET&throwExceptionOnFailure=true";
    }

    /**
     * The feed's side of {@link #ORDER_FEED}: neither waits for nor fails without a consumer. A consumer that throws
     * fails the emission, so the change is offered again on the next poll.
     */
    public static String orderFeed() {
        return ORDER_FEED + "?block=false&failIfNoConsumers=false";
    }

    /** The feed's schedule: the first poll a second after start, then {@code bridge.feed.interval} ms after each. */
    public static String feedSchedule() {
        return "scheduler:order-feed?initialDelay=1000&delay={{bridge.feed.interval}}";
    }

    /** The webhook receiver on the bridge's HTTP server (camel.server.*): POST only. */
    public static String webhook() {
        return "platform-http:/webhooks/impilo?httpMethodRestrict=POST";
    }
}
