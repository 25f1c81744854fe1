package com.impilo.bridge.routes;

import com.impilo.bridge.PartnerSource;
import com.impilo.bridge.outcome.FileOutcomes;

/** Every endpoint URI of the bridge, in one place, built from {@code {{placeholders}}} of the configuration. */
public final class Endpoints {

    /** Per-order processing: validate, de-duplicate, create, record. Body: a ParsedOrder. */
    public static final String PROCESS_ORDER = "direct:order-process";
    /** Where orders land when they could not be delivered. */
    public static final String ORDER_UNDELIVERED = "direct:order-undelivered";
    /** Creates one order at Impilo. Body: an Order or its JSON; reply: the created Order. */
    public static final String IMPILO_CREATE_ORDER = "direct:impilo-create-order";

    // Temp and partial uploads, and the bridge's own side files, are never orders.
    private static final String EXCLUDED = "**/*.tmp,**/*.part,**/*.error.json,**/*.receipt.json";

    private Endpoints() {
    }

    /** Where one source's files are picked up: its local folder. */
    public static String pickup(PartnerSource source) {
        return switch (source.type()) {
            case LOCAL -> localFolder(source);
            case SFTP -> throw new IllegalArgumentException("source " + source.name() + ": SFTP pickup is not built yet");
        };
    }

    /**
     * A local folder (by default {@code <data>/inbox}). A file is read only once it has not changed for the min-age (a
     * file still being written is left alone); dotfiles, temp/partial uploads and the bridge's own side files are
     * ignored; after processing the file moves to where {@code bridgeArchive} says (done/, rejected/ or undelivered/).
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
                + "&sortBy=file:modified"
                + "&move=${exchangeProperty." + FileOutcomes.ARCHIVE + "}"
                + "&sendEmptyMessageWhenIdle={{bridge.once}}";
    }

    private static String placeholder(PartnerSource source, String option) {
        return "{{" + source.key(option) + "}}";
    }

    /** POST /api/v3/order on the configured API; non-2xx answers raise HttpOperationFailedException. */
    public static String createOrder() {
        return "{{impilo.api.url}}/api/v3/order?httpMethod=POST&throwExceptionOnFailure=true";
    }
}
