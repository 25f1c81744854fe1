package com.impilo.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

import com.impilo.bridge.api.ImpiloApiRoutes;
import com.impilo.bridge.feed.FeedChanges;
import com.impilo.bridge.feed.FeedPolls;
import com.impilo.bridge.feed.FeedScope;
import com.impilo.bridge.feed.OrderOutbox;
import com.impilo.bridge.feed.WebhookReceiver;
import com.impilo.bridge.ingest.OrderFileReader;
import com.impilo.bridge.outcome.DataFolders;
import com.impilo.bridge.outcome.FileOutcomes;
import com.impilo.bridge.outcome.OrderOutcomes;
import com.impilo.bridge.outcome.RunStats;
import com.impilo.bridge.routes.Endpoints;
import com.impilo.bridge.routes.ErrorPolicy;
import com.impilo.bridge.routes.FeedEmitRoute;
import com.impilo.bridge.routes.FeedPollRoute;
import com.impilo.bridge.routes.InboxPickupRoute;
import com.impilo.bridge.routes.OrderSubmitRoute;
import com.impilo.bridge.routes.UserRoutes;
import com.impilo.bridge.routes.WebhookRoute;
import com.impilo.bridge.store.FeedState;
import com.impilo.bridge.store.IdempotencyKeys;
import com.impilo.bridge.store.OrderLedger;
import com.impilo.bridge.store.StateStore;
import com.impilo.bridge.validate.OrderAdmission;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/**
 * The bundle: wires the bridge's beans and routes into a CamelContext, whether Camel Main runs it standalone or a
 * host application embeds it. Settings come from the context's properties.
 */
public final class ImpiloBridge {

    private final DataFolders folders;
    private final OrderLedger ledger;
    private final RunStats stats;

    private ImpiloBridge(DataFolders folders, OrderLedger ledger, RunStats stats) {
        this.folders = folders;
        this.ledger = ledger;
        this.stats = stats;
    }

    /**
     * Checks the settings, opens the state store and adds the routes.
     *
     * @param onInboxDrained called when {@code bridge.once=true} and a poll finds the inbox empty (after one feed poll
     *                       when the feed is on)
     */
    public static ImpiloBridge install(CamelContext context, Runnable onInboxDrained) throws Exception {
        BridgeSettings settings = BridgeSettings.from(context.getPropertiesComponent());
        Clock clock = Clock.systemUTC();
        DataFolders folders = new DataFolders(settings.dataDir()).create();
        StateStore store = StateStore.open(settings.storeUrl(), folders.root(), settings.storeUser(),
                settings.storePassword());
        // the context stops the store (closing its pool) when it stops
        context.addService(store, true, true);
        OrderLedger ledger = new OrderLedger(store.dataSource(), clock);
        RunStats stats = new RunStats();
        OrderOutcomes orderOutcomes = new OrderOutcomes(ledger, new IdempotencyKeys(settings.idempotencyPrefix()),
                folders, stats, clock);
        FileOutcomes fileOutcomes = new FileOutcomes(folders, stats, clock);

        BridgeSettings.Feed feed = settings.feed();
        FeedPolls polls = new FeedPolls(feed.pageSize());
        FeedChanges changes = new FeedChanges(new FeedScope(ledger, feed.scope()), new FeedState(store.dataSource(),
                clock));

        context.addRoutes(new ErrorPolicy(orderOutcomes, fileOutcomes, polls));
        context.addRoutes(new ImpiloApiRoutes());
        context.addRoutes(new OrderSubmitRoute(new OrderAdmission(), orderOutcomes));
        Runnable drained = onInboxDrained;
        if (feed.enabled() || settings.webhook().enabled()) {
            context.addRoutes(new FeedEmitRoute(changes, new OrderOutbox(folders.outbox())));
        }
        if (feed.enabled()) {
            // with --once, no schedule: one poll once the inbox is drained, so that the run still ends by itself
            context.addRoutes(new FeedPollRoute(polls, !settings.once() && feed.interval() > 0));
            drained = pollOnceThen(context, onInboxDrained);
        }
        if (settings.webhook().enabled()) {
            context.addRoutes(new WebhookRoute(new WebhookReceiver(settings.webhook().secret())));
        }
        context.addRoutes(new InboxPickupRoute(new OrderFileReader(), fileOutcomes, drained));
        UserRoutes.load(context, settings.userRoutesDir());
        return new ImpiloBridge(folders, ledger, stats);
    }

    /** Only what the Impilo API client routes need (the {@code status} command): the API settings and those routes. */
    public static void installApiClient(CamelContext context) throws Exception {
        BridgeSettings.apiUrl(context.getPropertiesComponent());
        context.addRoutes(new ImpiloApiRoutes());
    }

    // The first time the inbox is found drained: one feed poll, then whatever the caller wanted.
    private static Runnable pollOnceThen(CamelContext context, Runnable then) {
        AtomicBoolean polled = new AtomicBoolean();
        return () -> {
            if (polled.compareAndSet(false, true)) {
                try (ProducerTemplate template = context.createProducerTemplate()) {
                    template.requestBody(Endpoints.FEED_POLL_NOW, (Object) null);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            then.run();
        };
    }

    public DataFolders folders() {
        return folders;
    }

    public OrderLedger ledger() {
        return ledger;
    }

    public RunStats stats() {
        return stats;
    }
}
