package com.impilo.bridge.routes;

/** Every endpoint URI of the bridge, in one place, built from {@code {{placeholders}}} of the configuration. */
public final class Endpoints {

    /** Per-order processing: validate, de-duplicate, create, record. Body: a ParsedOrder. */
    public static final String PROCESS_ORDER = "direct:order-process";
    /** Where orders land when they could not be delivered. */
    public static final String ORDER_UNDELIVERED = "direct:order-undelivered";
    /** Delivers one admitted order exactly once: finds an earlier creation first when one may exist, else creates. */
    public static final String DELIVER_ORDER = "direct:order-deliver";
    /** Creates one order at Impilo. Body: an Order or its JSON; reply: the created Order. */
    public static final String IMPILO_CREATE_ORDER = "direct:impilo-create-order";
    /** Finds the order carrying an external order id. Body: the id; reply: the Order, or null when there is none. */
    public static final String IMPILO_FIND_ORDER = "direct:impilo-find-order";
    /** Asks the API whether it accepts the key. Reply: true for a 2xx, false for 401/403; other failures throw. */
    public static final String IMPILO_PROBE = "direct:impilo-probe";

    private Endpoints() {
    }

    /**
     * The local inbox. A file is read only once it has not changed for {@code bridge.pickup.min-age} (a file still
     * being written is left alone); dotfiles, temp/partial uploads, the bridge's own side files and names too long to
     * lock ({@link InboxFileFilter}) are ignored; after processing the file moves to where {@code bridgeArchive} says
     * (done/, rejected/ or undelivered/).
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
                + "&filter=#class:" + InboxFileFilter.class.getName()
                + "&sortBy=file:modified"
                + "&move=${exchangeProperty.bridgeArchive}"
                + "&sendEmptyMessageWhenIdle={{bridge.once}}";
    }

    /** GET /api/v3/order; the query comes from the CamelHttpQuery header. */
    public static String listOrders() {
        return "{{impilo.api.url}}/api/v3/order?httpMethod=GET&throwExceptionOnFailure=true";
    }

    /** GET /api/v3/order?size=1, answering with the status instead of raising on 401/403. */
    public static String probe() {
        return "{{impilo.api.url}}/api/v3/order?httpMethod=GET&throwExceptionOnFailure=false";
    }

    /** POST /api/v3/order on the configured API; non-2xx answers raise HttpOperationFailedException. */
    public static String createOrder() {
        return "{{impilo.api.url}}/api/v3/order?httpMethod=POST&throwExceptionOnFailure=true";
    }
}
