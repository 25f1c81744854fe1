package com.impilo.bridge.routes;

import com.impilo.bridge.settings.PartnerSource;
import com.impilo.bridge.api.CallDeadline;
import com.impilo.bridge.outcome.FileOutcomes;

/** Every endpoint URI of the bridge, in one place, built from {@code {{placeholders}}} of the configuration. */
public final class Endpoints {

    /**
     * The entry point for host applications: body an Order or its JSON; reply the created Order (or the one created
     * earlier under the same idempotency key); a failure comes back as the exception that says why.
     */
    public static final String SUBMIT_ORDER = "direct:impilo-submit-order";
    /** Per-order processing: validate, de-duplicate, create, record. Body: a ParsedOrder. */
    public static final String PROCESS_ORDER = "direct:order-process";
    /** Where orders land when they could not be delivered. */
    public static final String ORDER_UNDELIVERED = "direct:order-undelivered";
    /** Delivers one admitted order exactly once: finds an earlier creation first when one may exist, else creates. */
    public static final String DELIVER_ORDER = "direct:order-deliver";
    /** Creates one order at Impilo. Body: an Order or its JSON; reply: the created Order. */
    public static final String IMPILO_CREATE_ORDER = "direct:impilo-create-order";
    /** Lists orders at Impilo. Body: a ListOrdersQuery; reply: the page's JSON text as the API returned it. */
    public static final String IMPILO_LIST_ORDERS = "direct:impilo-list-orders";
    /** Fetches one order from Impilo. Body: its Impilo id (a number); reply: the order's JSON text. */
    public static final String IMPILO_GET_ORDER = "direct:impilo-get-order";
    /** Finds the order carrying an external order id. Body: the id; reply: the Order, or null when there is none. */
    public static final String IMPILO_FIND_ORDER = "direct:impilo-find-order";
    /** Asks the API whether it accepts the key. Reply: true for a 2xx, false for 401/403; other failures throw. */
    public static final String IMPILO_PROBE = "direct:impilo-probe";
    // Every API call runs under the whole-call deadline (bridge.http.total-timeout), see CallDeadline. No answer's
    // headers are copied onto the message: the bridge reads only the status (a header camel-http always sets) and,
    // on failures, Retry-After from the exception, which carries the headers itself.
    private static final String API_CALL = "&skipResponseHeaders=true&httpClientConfigurer=#" + CallDeadline.BEAN;

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

    // Temp and partial uploads, and the bridge's own side files, are never orders.
    private static final String EXCLUDED = "**/*.tmp,**/*.part,**/*.error.json,**/*.receipt.json";

    private Endpoints() {
    }

    /** Where one source's files are picked up: its local folder or its SFTP location. */
    public static String pickup(PartnerSource source) {
        return switch (source.type()) {
            case LOCAL -> localFolder(source);
            case SFTP -> sftp(source);
        };
    }

    /** Registry name of the store of remote files a source has processed (its idempotent repository). */
    public static String processedFilesBean(PartnerSource source) {
        return "bridgeProcessedFiles-" + source.name();
    }

    /** Registry name of the {@link PickupFileFilter} of a source, which passes over names too long to take. */
    public static String fileFilterBean(PartnerSource source) {
        return "bridgeFileFilter-" + source.name();
    }

    /** Registry name of the poll strategy of a local source, which polls only while the pickup gate is open. */
    public static String pollStrategyBean(PartnerSource source) {
        return "bridgePollStrategy-" + source.name();
    }

    /**
     * Registry name of the bean that reports a remote source's connection failures and recoveries; it is the source's
     * poll strategy too, and polls only while the pickup gate is open.
     */
    public static String connectionLogBean(PartnerSource source) {
        return "bridgeConnectionLog-" + source.name();
    }

    /**
     * A local folder (by default {@code <data>/inbox}). A file is read only once it has not changed for the min-age (a
     * file still being written is left alone); dotfiles, temp/partial uploads, the bridge's own side files and names
     * too long to lock ({@link PickupFileFilter}) are ignored; after processing the file moves to where
     * {@code bridgeArchive} says (done/, rejected/ or undelivered/).
     */
    private static String localFolder(PartnerSource source) {
        String folder = source.has("path") ? placeholder(source, "path") : "{{bridge.data.dir}}/inbox";
        return "file:" + folder
                + "?readLock=changed"
                + "&readLockMinAge=" + placeholder(source, "min-age")
                + "&readLockCheckInterval=" + placeholder(source, "check-interval")
                + "&readLockTimeout=" + placeholder(source, "lock-timeout")
                + "&readLockMinLength=0"
                + "&initialDelay=" + placeholder(source, "initial-delay")
                + "&delay=" + placeholder(source, "poll-delay")
                + "&antExclude=" + EXCLUDED
                + "&antFilterCaseSensitive=false"
                + "&filter=#" + fileFilterBean(source)
                + "&pollStrategy=#" + pollStrategyBean(source)
                + "&sortBy=file:modified"
                + "&move=${exchangeProperty." + FileOutcomes.ARCHIVE + "}"
                + "&sendEmptyMessageWhenIdle={{bridge.once}}";
    }

    /**
     * An SFTP folder, relative to the login folder, logged in to as {@link #sftpLogin} says. A file is taken once it
     * is old enough (or once its done file is there) and its name leaves room for the download's suffix
     * ({@link PickupFileFilter}), downloaded into {@code <data>/work/<source>} and read from there like a local file;
     * afterwards the remote file moves to where {@code bridgeRemoteArchive} says, or is deleted. Remote files already
     * processed (same name, size and modification time) are skipped, as the store remembers them across restarts;
     * connection failures go to the source's connection log, and the next poll connects again.
     */
    private static String sftp(PartnerSource source) {
        StringBuilder uri = sftpLogin(source, "path")
                .append("&localWorkDirectory={{bridge.data.dir}}/work/").append(source.name());
        if (source.has("done-file-name")) {
            uri.append("&doneFileName=").append(placeholder(source, "done-file-name"));
        } else {
            uri.append("&readLock=changed")
                    .append("&readLockMinAge=").append(placeholder(source, "min-age"))
                    .append("&readLockCheckInterval=").append(placeholder(source, "check-interval"))
                    .append("&readLockTimeout=").append(placeholder(source, "lock-timeout"))
                    .append("&readLockMinLength=0");
        }
        if (source.after() == PartnerSource.After.DELETE) {
            uri.append("&delete=true");
        } else {
            uri.append("&move=${exchangeProperty.").append(FileOutcomes.REMOTE_ARCHIVE).append('}');
        }
        return uri.append("&idempotent=true")
                // a key is stored once its file is processed: a file stopped half-way is taken again after a restart
                .append("&idempotentEager=false")
                .append("&idempotentKey=${file:name}-${file:size}-${file:modified}")
                .append("&idempotentRepository=#").append(processedFilesBean(source))
                // connection failures reach the connection log with their cause; they are not routed (there is no
                // file to dead-letter), so the route's error handler is not bridged in
                .append("&throwExceptionOnConnectFailed=true")
                .append("&pollStrategy=#").append(connectionLogBean(source))
                .append("&exceptionHandler=#").append(connectionLogBean(source))
                .append("&initialDelay=").append(placeholder(source, "initial-delay"))
                .append("&delay=").append(placeholder(source, "poll-delay"))
                .append("&antExclude=").append(EXCLUDED)
                .append("&antFilterCaseSensitive=false")
                .append("&filter=#").append(fileFilterBean(source))
                .append("&sortBy=file:modified")
                .append("&sendEmptyMessageWhenIdle={{bridge.once}}")
                .toString();
    }

    /**
     * Where the order feed puts a file on a source's SFTP server: its {@code outbox-folder}, relative to the login
     * folder. The body is the outbox file, the CamelFileName header its name. The file is written under a dotfile
     * temp name and renamed when complete, so the partner never reads half a file; an existing file of the same order
     * is replaced only at that rename.
     */
    public static String sftpOutbox(PartnerSource source) {
        return sftpLogin(source, "outbox-folder")
                .append("&tempFileName=.${file:onlyname}.part")
                .append("&fileExist=Override")
                .append("&eagerDeleteTargetFile=false")
                .toString();
    }

    /**
     * A source's SFTP server and one of its folders, with what both pickup and upload need to connect. Host keys are
     * checked against the source's known_hosts file unless turned off explicitly. The password and key passphrase are
     * not part of the URI: {@link SftpSecrets} sets them on the endpoint.
     */
    private static StringBuilder sftpLogin(PartnerSource source, String folderOption) {
        StringBuilder uri = new StringBuilder("sftp://")
                .append(placeholder(source, "user")).append('@').append(placeholder(source, "host"))
                .append(":{{").append(PartnerSource.PREFIX).append(source.name()).append(".port:22}}/")
                .append(placeholder(source, folderOption))
                // the partner's folder must exist: creating it on their server would hide a wrong path
                .append("?autoCreate=false")
                // only the source's own known_hosts counts, never whatever the service user's ~/.ssh holds
                .append("&useUserKnownHostsFile=false")
                .append("&strictHostKeyChecking=").append(source.verifiesHostKeys() ? "yes" : "no");
        if (source.has("known-hosts-file")) {
            uri.append("&knownHostsFile=").append(placeholder(source, "known-hosts-file"));
        }
        if (source.has("private-key-file")) {
            uri.append("&privateKeyFile=").append(placeholder(source, "private-key-file"));
        }
        return uri.append("&connectTimeout=").append(placeholder(source, "connect-timeout"))
                .append("&maximumReconnectAttempts=").append(placeholder(source, "max-reconnect-attempts"))
                .append("&reconnectDelay=").append(placeholder(source, "reconnect-delay"))
                .append("&serverAliveInterval=").append(placeholder(source, "server-alive-interval"));
    }

    /**
     * GET /api/v3/order: the query comes from the CamelHttpQuery header, and with a CamelHttpPath header of
     * {@code /<id>} it is GET /api/v3/order/{id}; non-2xx answers raise HttpOperationFailedException.
     */
    public static String listOrders() {
        return "{{impilo.api.url}}/api/v3/order?httpMethod=GET&throwExceptionOnFailure=true" + API_CALL;
    }

    /** GET /api/v3/order?size=1, answering with the status instead of raising on 401/403. */
    public static String probe() {
        return "{{impilo.api.url}}/api/v3/order?httpMethod=GET&throwExceptionOnFailure=false" + API_CALL;
    }

    /** POST /api/v3/order on the configured API; non-2xx answers raise HttpOperationFailedException. */
    public static String createOrder() {
        return "{{impilo.api.url}}/api/v3/order?httpMethod=POST&throwExceptionOnFailure=true" + API_CALL;
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

    private static String placeholder(PartnerSource source, String option) {
        return "{{" + source.key(option) + "}}";
    }
}
