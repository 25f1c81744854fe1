package com.impilo.bridge.routes;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.impilo.bridge.api.ApiFailures;
import com.impilo.bridge.api.ApiKeyGuard;
import com.impilo.bridge.api.ImpiloApiRoutes;
import com.impilo.bridge.api.OrderFailures;
import com.impilo.bridge.api.ReferenceResolver;
import com.impilo.bridge.feed.FeedChanges;
import com.impilo.bridge.feed.FeedOrder;
import com.impilo.bridge.feed.FeedPolls;
import com.impilo.bridge.feed.FeedWalk;
import com.impilo.bridge.feed.WebhookAnswers;
import com.impilo.bridge.ingest.ParsedOrder;
import com.impilo.bridge.ingest.UnreadableFileException;
import com.impilo.bridge.ingest.reader.OrderFileReader;
import com.impilo.bridge.ingest.x12.Acknowledgments;
import com.impilo.bridge.model.Order;
import com.impilo.bridge.outcome.FileArchive;
import com.impilo.bridge.outcome.FileOutcomes;
import com.impilo.bridge.outcome.FileRun;
import com.impilo.bridge.outcome.OrderContext;
import com.impilo.bridge.outcome.OrderOutcomes;
import com.impilo.bridge.outcome.PickedFile;
import com.impilo.bridge.outcome.X12Replies;
import com.impilo.bridge.store.StoreGuard;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Message;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.ExpressionAdapter;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * The one class that knows the bridge's exchange properties. It keeps each file's, order's and feed order's state on
 * its exchange and adapts between the exchange and the plain classes that decide outcomes ({@link OrderOutcomes},
 * {@link FileOutcomes}, {@link FeedChanges}, {@link FeedPolls}, {@link WebhookAnswers}), which know nothing of Camel.
 * The routes use its steps as processors and predicates.
 */
public final class BridgeExchange {

    /** Read by a local folder endpoint's {@code move} option: the file's absolute archive path. */
    public static final String ARCHIVE = "bridgeArchive";
    /** Read by a remote endpoint's {@code move} option: the remote path, relative to its folder. */
    public static final String REMOTE_ARCHIVE = "bridgeRemoteArchive";

    private static final String PICKED = "bridgePickedFile";
    private static final String FILE = "bridgeFileRun";
    private static final String PARSED = "bridgeParsedOrder";
    private static final String ORDER = "bridgeOrder";
    private static final String FEED_ORDER = "bridgeFeedOrder";
    private static final String CLAIM = "bridgeFeedClaim";
    private static final String CHANGE = "bridgeFeedChange";
    private static final String VIA = "bridgeFeedVia";
    private static final String EMISSION_FAILED = "bridgeFeedFailed";
    private static final String WALK = "bridgeFeedWalk";

    /** A step of an order's way that may fail, e.g. a check that throws. */
    @FunctionalInterface
    public interface OrderStep {
        void apply(OrderContext order) throws Exception;
    }

    private BridgeExchange() {
    }

    // ---- files

    /** A file was picked up from {@code source}: its receipt starts. */
    static Processor openFile(FileOutcomes files, String source) {
        return exchange -> {
            PickedFile picked = pickedFrom(exchange, source);
            exchange.setProperty(PICKED, picked);
            exchange.setProperty(FILE, files.open(picked));
        };
    }

    /** The whole file is checked before any of its orders is sent; what the check learnt stays with the file. */
    static Processor checkFile(OrderFileReader reader, FileOutcomes files) {
        return exchange -> {
            FileRun run = fileRun(exchange);
            run.checked(reader.checkReadable(exchange.getMessage().getMandatoryBody(File.class)));
            files.checked(run);
        };
    }

    /** The orders of the checked file, read lazily. */
    static Expression ordersOfFile(OrderFileReader reader) {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                try {
                    return reader.orders(exchange.getMessage().getMandatoryBody(File.class),
                            fileRun(exchange).envelope());
                } catch (Exception e) {
                    throw RuntimeCamelException.wrapRuntimeCamelException(e);
                }
            }
        };
    }

    /** Every order of the file has its outcome: the receipt is published and the file archived. */
    static Processor completeFile(FileOutcomes files) {
        return exchange -> archive(exchange, files.complete(fileRun(exchange), picked(exchange)));
    }

    /** Fails the file when a refused API key or a store that cannot be reached stopped it. */
    static Processor checkFileNotStopped(FileOutcomes files, StoreGuard store) {
        return exchange -> files.checkNotStopped(fileRun(exchange), store.unavailableMessage());
    }

    /** The file changed while it was read: it stays to be read again. */
    static Processor readFileAgain(FileOutcomes files) {
        return exchange -> files.readAgain(fileRun(exchange), picked(exchange).source(), picked(exchange).fileName());
    }

    /** The file was stopped by a refused API key or a store that cannot be reached: it stays at its source. */
    static Processor abandonFile(FileOutcomes files, FileRun.Stop why) {
        return exchange -> files.abandon(fileRun(exchange), picked(exchange).source(), picked(exchange).fileName(),
                why);
    }

    /** The data folder cannot take outcomes: the file stays at its source. */
    static Processor leaveFileAtSource(FileOutcomes files) {
        return exchange -> files.leaveAtSource(exchange.getFromRouteId(),
                exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class));
    }

    /** The file cannot be read as orders: to rejected/, whole. */
    static Processor rejectFile(FileOutcomes files) {
        return exchange -> archive(exchange, files.rejectFile(fileRun(exchange), picked(exchange),
                caught(exchange) instanceof UnreadableFileException problem ? problem
                        : new UnreadableFileException(failure(exchange))));
    }

    /** Something unexpected stopped the file: to undelivered/, whole; a poll that carried no file is only logged. */
    static Processor failFile(FileOutcomes files) {
        return exchange -> {
            PickedFile picked = picked(exchange);
            if (picked.fileName() == null) {
                files.pollFailed(exchange.getFromRouteId(), failure(exchange));
                return;
            }
            archive(exchange, files.failFile(fileRun(exchange), picked, failure(exchange)));
        };
    }

    /** True when the API refused the key earlier in this order's file: the order waits with its file. */
    static Predicate fileStopped() {
        return exchange -> OrderOutcomes.fileStopped(fileRun(exchange));
    }

    /** True for an order read from a partner file, false for one a host application submitted. */
    static Predicate fromFile() {
        return exchange -> fileRun(exchange) != null;
    }

    private static FileRun fileRun(Exchange exchange) {
        return exchange.getProperty(FILE, FileRun.class);
    }

    // The file as it was picked up; from the message when the failure came before the file was opened.
    private static PickedFile picked(Exchange exchange) {
        PickedFile picked = exchange.getProperty(PICKED, PickedFile.class);
        return picked != null ? picked : pickedFrom(exchange, null);
    }

    private static PickedFile pickedFrom(Exchange exchange, String source) {
        Message message = exchange.getMessage();
        String name = message.getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String workCopy = message.getHeader(Exchange.FILE_LOCAL_WORK_PATH, String.class);
        String path = message.getHeader(Exchange.FILE_PATH, String.class);
        if (workCopy == null && path != null) {
            return new PickedFile(source, name, Path.of(path), message.getHeader(Exchange.FILE_LENGTH, -1L, Long.class),
                    message.getHeader(Exchange.FILE_LAST_MODIFIED, -1L, Long.class), null);
        }
        return new PickedFile(source, name, null, -1, -1, workCopy == null ? null : Path.of(workCopy));
    }

    private static void archive(Exchange exchange, FileArchive archive) {
        exchange.setProperty(ARCHIVE, archive.local());
        if (archive.remote() != null) {
            exchange.setProperty(REMOTE_ARCHIVE, archive.remote());
        }
    }

    private static String failure(Exchange exchange) {
        Throwable failure = caught(exchange);
        return failure == null ? "unknown failure" : failure.getMessage();
    }

    // ---- orders

    /**
     * The order in the body (a ParsedOrder) begins its way: it gets its context, whose key's lock is released when the
     * exchange is done, whatever its outcome.
     */
    static Processor beginOrder(OrderOutcomes outcomes) {
        return exchange -> begin(exchange, outcomes::begin);
    }

    /**
     * The order of a partner file in the body begins its way, as {@link #beginOrder}: one created before is recorded
     * as a duplicate and goes no further in its route (as {@code stop()} does), any other is admitted.
     */
    static Processor beginOrAdmit(OrderOutcomes outcomes, Processor admit) {
        return exchange -> {
            begin(exchange, outcomes::begin);
            OrderContext order = order(exchange);
            if (order.isDuplicate()) {
                outcomes.duplicate(order);
                exchange.setRouteStop(true);
            } else {
                admit.process(exchange);
            }
        };
    }

    /** The partner's cancellation in the body (a ParsedOrder) begins its way, as {@link #beginOrder} does. */
    static Processor beginCancellation(OrderOutcomes outcomes) {
        return exchange -> begin(exchange, outcomes::beginCancellation);
    }

    /** How an order of the body begins: given the order, its file and its place in it. */
    @FunctionalInterface
    private interface Beginning {
        OrderContext begin(ParsedOrder parsed, FileRun file, long sequence) throws Exception;
    }

    private static void begin(Exchange exchange, Beginning beginning) throws Exception {
        ParsedOrder parsed = exchange.getMessage().getMandatoryBody(ParsedOrder.class);
        exchange.setProperty(PARSED, parsed);
        OrderContext order = beginning.begin(parsed, fileRun(exchange),
                exchange.getProperty(Exchange.SPLIT_INDEX, 0L, Long.class));
        exchange.setProperty(ORDER, order);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                order.done();
            }
        });
    }

    /** True for a partner's cancellation of an order (an X12 850 with BEG01 01) that could be read. */
    static Predicate cancellation() {
        return exchange -> {
            ParsedOrder parsed = exchange.getMessage().getBody(ParsedOrder.class);
            return parsed != null && parsed.cancels() && parsed.problems().isEmpty();
        };
    }

    /** One step with the order's context. */
    static Processor withOrder(OrderStep step) {
        return exchange -> step.apply(order(exchange));
    }

    /** A question about the order's context. */
    static Predicate whenOrder(java.util.function.Predicate<OrderContext> test) {
        return exchange -> test.test(order(exchange));
    }

    /** The body becomes something of the order's context. */
    static Processor bodyFromOrder(Function<OrderContext, Object> value) {
        return exchange -> exchange.getMessage().setBody(value.apply(order(exchange)));
    }

    /** The body (an Order or null, the answer of a look-up at Impilo) is what was found of the order. */
    static Processor foundInBody() {
        return exchange -> order(exchange).found(exchange.getMessage().getBody(Order.class));
    }

    /** The body is the Order that Impilo created, or the one found created before. */
    static Processor created(OrderOutcomes outcomes) {
        return exchange -> outcomes.created(order(exchange), exchange.getMessage().getMandatoryBody(Order.class));
    }

    /**
     * The order's partner references resolved to Impilo ids through the API's lookups (each its own call, under the
     * order's permit); a failed lookup throws what the call threw, for the error policy to retry or dead-letter.
     */
    static Processor resolveReferences(OrderOutcomes outcomes, ReferenceResolver references) {
        AtomicReference<ProducerTemplate> templates = new AtomicReference<>();
        return exchange -> {
            OrderContext order = order(exchange);
            ProducerTemplate template = templates.updateAndGet(existing -> existing != null ? existing
                    : exchange.getContext().createProducerTemplate());
            ReferenceResolver.Lookups lookups = new ReferenceResolver.Lookups() {
                @Override
                public List<Long> patientsByExternalIdentifier(String identifier) throws Exception {
                    return call(template, ImpiloApiRoutes.FIND_PATIENTS, identifier);
                }

                @Override
                public List<ReferenceResolver.ItemMatch> itemsBySku(String sku) throws Exception {
                    return call(template, ImpiloApiRoutes.FIND_ITEMS, sku);
                }
            };
            ReferenceResolver.Resolution resolution = references.resolve(order.source(), order.request(), lookups);
            outcomes.resolved(order, resolution.order(), resolution.resolved());
        };
    }

    // the call's own failure, not Camel's wrapper, so that the error policy judges it as any API failure
    @SuppressWarnings("unchecked")
    private static <T> List<T> call(ProducerTemplate template, String endpoint, String body) throws Exception {
        try {
            return template.requestBody(endpoint, body, List.class);
        } catch (CamelExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** A transient failure is about to be retried. */
    static Processor retrying(OrderOutcomes outcomes) {
        return exchange -> {
            OrderContext order = order(exchange);
            if (order == null) {
                // a host's submission that failed before it began: nothing of it to record yet
                return;
            }
            Throwable failure = caught(exchange);
            int status = ApiFailures.status(failure);
            outcomes.retrying(order, status,
                    status == 0 && failure != null ? ApiFailures.describe(failure) : null);
        };
    }

    /** The order broke the rules, or the API refused it: to rejected/. */
    static Processor rejected(OrderOutcomes outcomes) {
        return exchange -> {
            OrderContext order = orderOrUnbegun(exchange, outcomes);
            outcomes.rejected(order, OrderFailures.of(caught(exchange), order.attempts()));
        };
    }

    /** The order could not be delivered: to undelivered/. */
    static Processor undelivered(OrderOutcomes outcomes) {
        return exchange -> {
            OrderContext order = orderOrUnbegun(exchange, outcomes);
            outcomes.undelivered(order, OrderFailures.of(caught(exchange), order.attempts()));
        };
    }

    /** The API refused the key: the order's file stops, and the guard pauses pickup. */
    static Processor apiKeyRefused(ApiKeyGuard guard) {
        return exchange -> {
            FileRun run = fileRun(exchange);
            if (run != null) {
                run.stop(FileRun.Stop.API_KEY_REFUSED);
            }
            guard.refused(ApiFailures.status(caught(exchange)));
        };
    }

    /**
     * The state store cannot be reached: the order's file stops (its orders not yet sent wait with it at its source),
     * and nothing is dead-lettered; the store guard pauses pickup once the file has stopped.
     */
    static Processor storeUnreachable() {
        return exchange -> {
            FileRun run = fileRun(exchange);
            if (run != null) {
                run.stop(FileRun.Stop.STORE_UNREACHABLE);
            }
        };
    }

    /** A question about what was thrown. */
    static Predicate whenCaught(java.util.function.Predicate<Throwable> test) {
        return exchange -> test.test(caught(exchange));
    }

    private static OrderContext order(Exchange exchange) {
        return exchange.getProperty(ORDER, OrderContext.class);
    }

    // The order's context, or for an order that failed before it began, one that names it for its dead letter.
    private static OrderContext orderOrUnbegun(Exchange exchange, OrderOutcomes outcomes) {
        OrderContext order = order(exchange);
        if (order != null) {
            return order;
        }
        ParsedOrder parsed = exchange.getProperty(PARSED, ParsedOrder.class);
        if (parsed == null) {
            parsed = exchange.getMessage().getBody(ParsedOrder.class);
        }
        return outcomes.unbegun(parsed, fileRun(exchange), exchange.getProperty(Exchange.SPLIT_INDEX, 0L, Long.class));
    }

    private static Throwable caught(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return failure != null ? failure : exchange.getException();
    }

    // ---- the order feed

    /** How the feed orders of this exchange arrived: {@code poll} or {@code webhook}. */
    static Processor via(String how) {
        return exchange -> exchange.setProperty(VIA, how);
    }

    /** Claims the feed order in the body until {@link #releaseFeedOrder()}. */
    static Processor claimFeedOrder(FeedChanges changes) {
        return exchange -> {
            FeedOrder order = exchange.getMessage().getMandatoryBody(FeedOrder.class);
            exchange.setProperty(FEED_ORDER, order);
            exchange.setProperty(CLAIM, changes.claim(order.id()));
        };
    }

    static Processor releaseFeedOrder() {
        return exchange -> {
            Runnable claim = exchange.getProperty(CLAIM, Runnable.class);
            if (claim != null) {
                exchange.removeProperty(CLAIM);
                claim.run();
            }
        };
    }

    /** Change detection: the body becomes the order as its partner knows it, when it is in scope. */
    static Processor detectChange(FeedChanges changes) {
        return exchange -> changes.detect(exchange.getProperty(FEED_ORDER, FeedOrder.class)).ifPresent(change -> {
            exchange.setProperty(CHANGE, change);
            exchange.getMessage().setBody(change.order());
        });
    }

    /** True when the order is in scope and differs from what was last emitted. */
    static Predicate changed() {
        return exchange -> change(exchange).map(FeedChanges.Change::changed).orElse(false);
    }

    /** The partner the changed order belongs to. */
    static String partner(Exchange exchange) {
        return change(exchange).map(FeedChanges.Change::partner).orElse(null);
    }

    /** The message for the feed endpoint: the order's JSON as the API returned it, with id, status and partner. */
    /** The order shipped: its X12 partner gets its 856 now, once, if the order came from an 850. */
    static Processor shipNotice(X12Replies replies) {
        return exchange -> {
            FeedChanges.Change change = change(exchange).orElseThrow();
            Optional<Acknowledgments.Shipment> shipment = change.order().shipment();
            if (shipment.isPresent()) {
                replies.shipped(change.keys(), shipment.get());
            }
        };
    }

    static Processor feedMessage() {
        return exchange -> {
            FeedChanges.Change change = change(exchange).orElseThrow();
            Message message = exchange.getMessage();
            message.setBody(change.order().json());
            message.setHeader(FeedChanges.HEADER_ORDER_ID, change.order().id());
            message.setHeader(FeedChanges.HEADER_STATUS, change.order().currentStatus());
            message.setHeader(FeedChanges.HEADER_PARTNER, change.partner());
            message.setHeader(FeedChanges.HEADER_VIA, exchange.getProperty(VIA, String.class));
        };
    }

    /** Every sink took the change: it is remembered, and counted in its poll. */
    static Processor emitted(FeedChanges changes) {
        return exchange -> {
            changes.emitted(change(exchange).orElseThrow(), exchange.getProperty(VIA, String.class));
            walk(exchange).ifPresent(FeedWalk::emitted);
        };
    }

    /** The emission failed: nothing is remembered, so the order is offered again. */
    static Processor emissionFailed(FeedChanges changes) {
        return exchange -> {
            exchange.setProperty(EMISSION_FAILED, true);
            walk(exchange).ifPresent(FeedWalk::orderFailed);
            changes.failed(exchange.getProperty(FEED_ORDER, FeedOrder.class), ApiFailures.describe(caught(exchange)));
        };
    }

    private static Optional<FeedChanges.Change> change(Exchange exchange) {
        return Optional.ofNullable(exchange.getProperty(CHANGE, FeedChanges.Change.class));
    }

    // ---- the feed poll

    static Processor beginPoll(FeedPolls polls) {
        return exchange -> exchange.setProperty(WALK, polls.begin());
    }

    /** Whether to ask for another page: not once the bridge is shutting down. */
    static Predicate morePages(FeedPolls polls) {
        return exchange -> polls.hasMore(walk(exchange).orElseThrow(), exchange.getContext().isStopping());
    }

    static Processor nextQuery(FeedPolls polls) {
        return exchange -> exchange.getMessage().setBody(polls.nextQuery(walk(exchange).orElseThrow()));
    }

    /** The body (the page's JSON) becomes the page's orders. */
    static Processor pageOrders(FeedPolls polls) {
        return exchange -> exchange.getMessage().setBody(polls.orders(walk(exchange).orElseThrow(),
                exchange.getMessage().getMandatoryBody(String.class)));
    }

    /** The poll's result becomes the body. */
    static Processor pollCompleted(FeedPolls polls) {
        return exchange -> exchange.getMessage().setBody(polls.completed(walk(exchange).orElseThrow()));
    }

    /** The poll failed: its result, saying why, becomes the body. */
    static Processor pollFailed(FeedPolls polls) {
        return exchange -> exchange.getMessage().setBody(polls.failed(walk(exchange).orElse(null), caught(exchange)));
    }

    private static Optional<FeedWalk> walk(Exchange exchange) {
        return Optional.ofNullable(exchange.getProperty(WALK, FeedWalk.class));
    }

    // ---- webhooks

    /** The webhook's answer once its order went through change detection, or was ignored. */
    static Processor webhookHandled() {
        return exchange -> answer(exchange, WebhookAnswers.handled(exchange.getProperty(FEED_ORDER) == null,
                exchange.getProperty(EMISSION_FAILED, false, Boolean.class),
                change(exchange).map(FeedChanges.Change::changed).orElse(false)));
    }

    static Processor webhookUnauthorized() {
        return exchange -> answer(exchange, WebhookAnswers.unauthorized());
    }

    static Processor webhookInvalid() {
        return exchange -> {
            Throwable failure = caught(exchange);
            answer(exchange, WebhookAnswers.invalid(failure == null ? null : failure.getMessage()));
        };
    }

    static Processor webhookFailed() {
        return exchange -> answer(exchange, WebhookAnswers.failed(ApiFailures.describe(caught(exchange))));
    }

    private static void answer(Exchange exchange, WebhookAnswers.Answer answer) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(answer.body());
    }
}
