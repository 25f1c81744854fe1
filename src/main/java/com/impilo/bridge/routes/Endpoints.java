package com.impilo.bridge.routes;

import static org.apache.camel.builder.endpoint.StaticEndpointBuilders.direct;
import static org.apache.camel.builder.endpoint.StaticEndpointBuilders.file;
import static org.apache.camel.builder.endpoint.StaticEndpointBuilders.scheduler;
import static org.apache.camel.builder.endpoint.StaticEndpointBuilders.sftp;

import java.io.File;

import com.impilo.bridge.settings.PartnerSource;
import org.apache.camel.builder.EndpointConsumerBuilder;
import org.apache.camel.builder.EndpointProducerBuilder;
import org.apache.camel.builder.endpoint.dsl.FileEndpointBuilderFactory.FileEndpointConsumerBuilder;
import org.apache.camel.builder.endpoint.dsl.SftpEndpointBuilderFactory.SftpEndpointBuilder;
import org.apache.camel.builder.endpoint.dsl.SftpEndpointBuilderFactory.SftpEndpointConsumerBuilder;
import org.apache.camel.builder.endpoint.dsl.SftpEndpointBuilderFactory.SftpEndpointProducerBuilder;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.component.file.remote.SftpRemoteFile;

/**
 * Every endpoint of the bridge, in one place: the {@code direct:} seams between its flows (public entry points
 * included), and the typed endpoint builders of its sources, outbox and schedule, built from {@code {{placeholders}}}
 * of the configuration.
 */
public final class Endpoints {

    /**
     * The entry point for host applications: body an Order or its JSON; reply the created Order (or the one created
     * earlier under the same idempotency key); a failure comes back as the exception that says why.
     */
    public static final String SUBMIT_ORDER = "direct:impilo-submit-order";
    /** An order read from a partner file. Body: a ParsedOrder. */
    public static final String PROCESS_ORDER = "direct:order-process";
    /** The one way of every order once it has its context: duplicate? admit, request, deliver exactly once, record. */
    public static final String ORDER_SEQUENCE = "direct:order-sequence";
    /** Delivers one admitted order exactly once: finds an earlier creation first when one may exist, else creates. */
    public static final String DELIVER_ORDER = "direct:order-deliver";
    /** A partner's cancellation: the order it names is voided at Impilo ({@link OrderSubmitRoute}). */
    static final String CANCEL_ORDER = "direct:order-cancel";

    /** A webhook that the receiver's server let in (its secret checked). Body: its text; reply: the HTTP answer. */
    public static final String WEBHOOK_RECEIVED = "direct:impilo-webhook";
    /** Runs one feed poll now and answers with its FeedPollResult; the schedule uses it, tests and hosts may too. */
    public static final String FEED_POLL_NOW = "direct:feed-poll-now";
    /** Change detection and emission of one order. Body: a FeedOrder. */
    public static final String FEED_ORDER = "direct:feed-order";
    /** Where a partner's outbox file goes to be put on its SFTP server ({@link PartnerUploadRoute}). */
    static final String PARTNER_UPLOAD = "direct:partner-upload";
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
    public static EndpointConsumerBuilder pickup(SourceParts parts) {
        return switch (parts.source().type()) {
            case LOCAL -> localFolder(parts);
            case SFTP -> sftpFolder(parts);
        };
    }

    /**
     * A local folder (by default {@code <data>/inbox}). A file is read only by the instance that claims it, once it has
     * not changed for the min-age (a file still being written is left alone: {@link ClaimedReadLock}); dotfiles, temp/partial uploads, the bridge's own side files and names
     * too long to lock ({@link PickupFileFilter}) are ignored; polls wait for the pickup gate; after processing the file
     * moves to where {@code bridgeArchive} says (done/, rejected/ or undelivered/).
     */
    @SuppressWarnings("unchecked")
    private static FileEndpointConsumerBuilder localFolder(SourceParts parts) {
        PartnerSource source = parts.source();
        String folder = source.has("path") ? placeholder(source, "path") : "{{bridge.data.dir}}/inbox";
        FileEndpointConsumerBuilder endpoint = file(folder)
                .readLock("changed")
                .readLockMinAge(placeholder(source, "min-age"))
                .readLockCheckInterval(placeholder(source, "check-interval"))
                .readLockTimeout(placeholder(source, "lock-timeout"))
                .readLockMinLength(0)
                .initialDelay(placeholder(source, "initial-delay"))
                .delay(placeholder(source, "poll-delay"))
                .antExclude(EXCLUDED)
                .antFilterCaseSensitive(false)
                .filter((GenericFileFilter<File>) parts.filter())
                .exclusiveReadLockStrategy((GenericFileExclusiveReadLockStrategy<File>) parts.readLock())
                .sortBy("file:modified")
                .move("${exchangeProperty." + BridgeExchange.ARCHIVE + "}")
                .sendEmptyMessageWhenIdle("{{bridge.once}}");
        endpoint.advanced().pollStrategy(parts.pollStrategy());
        return endpoint;
    }

    /**
     * An SFTP folder, relative to the login folder, logged in to as {@link #sftpLogin} says. A file is taken by the
     * instance that claims it, once it is old enough (or once its done file is there: {@link ClaimedReadLock}) and its name leaves room for the download's suffix
     * ({@link PickupFileFilter}), downloaded into {@code <data>/work/<source>} and read from there like a local file;
     * afterwards the remote file moves to where {@code bridgeRemoteArchive} says, or is deleted. Remote files already
     * processed (same name, size and modification time) are skipped, as the store remembers them across restarts;
     * connection failures go to the source's connection log, and the next poll connects again.
     */
    @SuppressWarnings("unchecked")
    private static SftpEndpointConsumerBuilder sftpFolder(SourceParts parts) {
        PartnerSource source = parts.source();
        SftpEndpointConsumerBuilder endpoint = sftpLogin(source, "path");
        if (source.has("done-file-name")) {
            endpoint.doneFileName(placeholder(source, "done-file-name"));
        } else {
            endpoint.readLock("changed")
                    .readLockMinAge(placeholder(source, "min-age"))
                    .readLockCheckInterval(placeholder(source, "check-interval"))
                    .readLockTimeout(placeholder(source, "lock-timeout"))
                    .readLockMinLength(0);
        }
        if (source.after() == PartnerSource.After.DELETE) {
            endpoint.delete(true);
        } else {
            endpoint.move("${exchangeProperty." + BridgeExchange.REMOTE_ARCHIVE + "}");
        }
        endpoint.idempotent(true)
                // a key is stored once its file is processed: a file stopped half-way is taken again after a restart
                .idempotentEager(false)
                .idempotentKey("${file:name}-${file:size}-${file:modified}")
                .idempotentRepository(parts.processed())
                .initialDelay(placeholder(source, "initial-delay"))
                .delay(placeholder(source, "poll-delay"))
                .antExclude(EXCLUDED)
                .antFilterCaseSensitive(false)
                .filter((GenericFileFilter<SftpRemoteFile>) parts.filter())
                .exclusiveReadLockStrategy((GenericFileExclusiveReadLockStrategy<SftpRemoteFile>) parts.readLock())
                .sortBy("file:modified")
                .sendEmptyMessageWhenIdle("{{bridge.once}}");
        endpoint.advanced()
                .localWorkDirectory("{{bridge.data.dir}}/work/" + source.name())
                // connection failures reach the connection log with their cause; they are not routed (there is no
                // file to dead-letter), so the route's error handler is not bridged in
                .throwExceptionOnConnectFailed(true)
                .pollStrategy(parts.pollStrategy())
                .exceptionHandler(parts.connectionLog());
        return endpoint;
    }

    /**
     * Where the order feed puts a file on a source's SFTP server: its {@code outbox-folder}, relative to the login
     * folder. The body is the outbox file, the CamelFileName header its name. The file is written under a dotfile
     * temp name and renamed when complete, so the partner never reads half a file; an existing file of the same order
     * is replaced only at that rename.
     */
    public static EndpointProducerBuilder sftpOutbox(PartnerSource source) {
        SftpEndpointProducerBuilder endpoint = sftpLogin(source, "outbox-folder");
        endpoint.tempFileName(".${file:onlyname}.part").fileExist("Override");
        endpoint.advanced().eagerDeleteTargetFile(false);
        return endpoint;
    }

    /**
     * A source's SFTP server and one of its folders, with what both pickup and upload need to connect. Host keys are
     * checked against the source's known_hosts file unless turned off explicitly. The password and key passphrase are
     * not set here: {@link SftpSecrets} sets them on the endpoint.
     */
    private static SftpEndpointBuilder sftpLogin(PartnerSource source, String folderOption) {
        SftpEndpointBuilder endpoint = sftp(placeholder(source, "host") + ":{{" + PartnerSource.PREFIX + source.name()
                + ".port:22}}/" + placeholder(source, folderOption))
                .username(placeholder(source, "user"))
                // only the source's own known_hosts counts, never whatever the service user's ~/.ssh holds
                .useUserKnownHostsFile(false)
                .strictHostKeyChecking(source.verifiesHostKeys() ? "yes" : "no");
        if (source.has("known-hosts-file")) {
            endpoint.knownHostsFile(placeholder(source, "known-hosts-file"));
        }
        if (source.has("private-key-file")) {
            endpoint.privateKeyFile(placeholder(source, "private-key-file"));
        }
        endpoint.advanced()
                // the partner's folder must exist: creating it on their server would hide a wrong path
                .autoCreate(false)
                .connectTimeout(placeholder(source, "connect-timeout"))
                .maximumReconnectAttempts(placeholder(source, "max-reconnect-attempts"))
                .reconnectDelay(placeholder(source, "reconnect-delay"))
                .serverAliveInterval(placeholder(source, "server-alive-interval"));
        return endpoint;
    }

    /**
     * The feed's side of {@link #ORDER_FEED}: neither waits for nor fails without a consumer. A consumer that throws
     * fails the emission, so the change is offered again on the next poll.
     */
    public static EndpointProducerBuilder orderFeed() {
        return direct("impilo-order-feed").block(false).failIfNoConsumers(false);
    }

    /** The feed's schedule: the first poll a second after start, then {@code bridge.feed.interval} ms after each. */
    public static EndpointConsumerBuilder feedSchedule() {
        return scheduler("order-feed").initialDelay(1000).delay("{{bridge.feed.interval}}");
    }


    private static String placeholder(PartnerSource source, String option) {
        return "{{" + source.key(option) + "}}";
    }
}
