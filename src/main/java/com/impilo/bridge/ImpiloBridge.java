package com.impilo.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.impilo.bridge.api.ApiKeyGuard;
import com.impilo.bridge.api.ApiPreflight;
import com.impilo.bridge.api.ImpiloApiRoutes;
import com.impilo.bridge.feed.FeedChanges;
import com.impilo.bridge.feed.FeedPolls;
import com.impilo.bridge.feed.FeedScope;
import com.impilo.bridge.ingest.reader.OrderFormats;
import com.impilo.bridge.outcome.PartnerOutbox;
import com.impilo.bridge.outcome.X12Replies;
import com.impilo.bridge.feed.WebhookReceiver;
import com.impilo.bridge.observe.ApiCalls;
import com.impilo.bridge.observe.ApiKeyCheck;
import com.impilo.bridge.observe.ApiReachableCheck;
import com.impilo.bridge.observe.BridgeMetrics;
import com.impilo.bridge.observe.DataFolderCheck;
import com.impilo.bridge.observe.InstanceCheck;
import com.impilo.bridge.observe.PickupGateCheck;
import com.impilo.bridge.observe.SourceConnectionCheck;
import com.impilo.bridge.observe.StoreCheck;
import com.impilo.bridge.outcome.ArchiveWatch;
import com.impilo.bridge.outcome.AuditTrail;
import com.impilo.bridge.outcome.AskedReplays;
import com.impilo.bridge.outcome.DataFolderGuard;
import com.impilo.bridge.outcome.DeadLetterReplay;
import com.impilo.bridge.outcome.DataFolders;
import com.impilo.bridge.outcome.FileOutcomes;
import com.impilo.bridge.outcome.OrderOutcomes;
import com.impilo.bridge.outcome.ProgressLog;
import com.impilo.bridge.outcome.RemoteFolders;
import com.impilo.bridge.outcome.RunStats;
import com.impilo.bridge.api.ReferenceResolver;
import com.impilo.bridge.routes.ClaimedReadLock;
import com.impilo.bridge.routes.DrainedSources;
import com.impilo.bridge.routes.Endpoints;
import com.impilo.bridge.routes.ErrorPolicy;
import com.impilo.bridge.routes.FeedEmitRoute;
import com.impilo.bridge.routes.FeedPollRoute;
import com.impilo.bridge.routes.OrderSubmitRoute;
import com.impilo.bridge.routes.PartnerUploadRoute;
import com.impilo.bridge.routes.PickupFileFilter;
import com.impilo.bridge.routes.PickupGate;
import com.impilo.bridge.routes.PickupRoute;
import com.impilo.bridge.routes.RemoteSourceLog;
import com.impilo.bridge.routes.SourceParts;
import com.impilo.bridge.routes.SourceWait;
import com.impilo.bridge.routes.UserRoutes;
import com.impilo.bridge.routes.WebhookRoute;
import com.impilo.bridge.routes.WebhookServer;
import com.impilo.bridge.text.FileNames;
import com.impilo.bridge.store.AuditEvents;
import com.impilo.bridge.store.DataFolderLock;
import com.impilo.bridge.store.FeedState;
import com.impilo.bridge.store.FileClaims;
import com.impilo.bridge.store.IdempotencyKeys;
import com.impilo.bridge.store.InstanceMembership;
import com.impilo.bridge.store.OrderLedger;
import com.impilo.bridge.store.ProcessedFiles;
import com.impilo.bridge.settings.BridgeConfigException;
import com.impilo.bridge.settings.BridgeSettings;
import com.impilo.bridge.settings.CamelPropertyLookup;
import com.impilo.bridge.settings.Configuration;
import com.impilo.bridge.settings.PartnerSource;
import com.impilo.bridge.store.ReplayRequests;
import com.impilo.bridge.store.StateStore;
import com.impilo.bridge.store.StoreClusterService;
import com.impilo.bridge.store.StoreGuard;
import com.impilo.bridge.store.X12Interchanges;
import com.impilo.bridge.ingest.OrderAdmission;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.StartupListener;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundle: wires the bridge's beans and routes into a CamelContext, whether Camel Main runs it standalone or a
 * host application embeds it. Settings come from the context's properties.
 */
public final class ImpiloBridge {

    /** The shipped defaults, on the classpath under the bundle's own name so that they never clash with a host's. */
    public static final String DEFAULTS = Configuration.DEFAULTS;

    /** The namespace whose leader polls the order feed. */
    public static final String FEED_LEADERSHIP = "impilo-order-feed";
    /** How often an instance sharing a store looks for replays asked of it (at most; a shorter lease, more often). */
    private static final Duration ASKED_REPLAYS_EVERY = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(ImpiloBridge.class);

    private final DataFolders folders;
    private final OrderLedger ledger;
    private final RunStats stats;
    private final PickupGate gate;
    private final String installationId;

    private ImpiloBridge(DataFolders folders, OrderLedger ledger, RunStats stats, PickupGate gate,
                         String installationId) {
        this.folders = folders;
        this.ledger = ledger;
        this.stats = stats;
        this.gate = gate;
        this.installationId = installationId;
    }

    /**
     * Checks the settings, opens the state store and adds the routes.
     *
     * @param onAllDrained called when {@code bridge.once=true} and a poll of every source has found nothing left
     *                     (after one feed poll when the feed is on), or when a guard pauses pickup
     */
    public static ImpiloBridge install(CamelContext context, Runnable onAllDrained) throws Exception {
        addDefaults(context.getPropertiesComponent());
        BridgeSettings settings = BridgeSettings.from(new CamelPropertyLookup(context.getPropertiesComponent()),
                OrderFormats.names());
        Clock clock = Clock.systemUTC();
        // one bridge per data folder: a second process stops here, having taken and written nothing
        try {
            context.addService(DataFolderLock.acquire(settings.dataDir(), clock), true, true);
        } catch (DataFolderLock.TakenException e) {
            throw new BridgeConfigException(List.of(e.getMessage()));
        }
        DataFolders folders = new DataFolders(settings.dataDir()).create();
        StateStore store;
        try {
            store = StateStore.open(settings.storeUrl(), folders.root(), settings.storeUser(),
                    settings.storePassword(), settings.installationId());
        } catch (IllegalStateException e) {
            throw new BridgeConfigException(List.of(e.getMessage()));
        }
        // the context stops the store (closing its pool) when it stops
        context.addService(store, true, true);
        // this instance among those sharing the store: it claims the files it takes, and may lead the feed
        String instanceName = settings.instance().name().isEmpty()
                ? InstanceMembership.defaultName(folders.root()) : settings.instance().name();
        InstanceMembership membership = new InstanceMembership(context, store, instanceName, folders.root(),
                settings.instance().lease(), FEED_LEADERSHIP, clock);
        try {
            // an embedded store is in the data folder, which one process holds: no other instance can share it
            if (store.shared()) {
                membership.checkNameFree();
            }
        } catch (IllegalStateException e) {
            throw new BridgeConfigException(List.of(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeConfigException(List.of("interrupted while checking that no other instance is named "
                    + instanceName));
        }
        context.addService(membership, true, true);
        StoreClusterService cluster = new StoreClusterService(store.dataSource(), instanceName,
                settings.instance().lease(), clock);
        context.addService(cluster, true, true);
        // files and feed changes are claimed against other instances only when the store is shared with them
        FileClaims claims = store.shared() ? membership.claims() : null;
        IdempotencyKeys keys = new IdempotencyKeys(store.installationId(), settings.idempotencyPrefix());
        OrderLedger ledger = new OrderLedger(store.dataSource(), clock);
        // stopped before the store: commits what it held back
        context.addService(ledger, true, true);
        RunStats stats = new RunStats();
        // in a --once run, a refused key, an unusable data folder or a store away ends the run rather than wait
        Runnable endOnceRun = settings.once() ? onAllDrained : null;
        // ... and one that cannot reach the API or the store says so in its summary and exit code
        Consumer<String> endOnceRunNotReached = settings.once() ? reason -> {
            stats.notReached(reason);
            onAllDrained.run();
        } : null;
        StoreGuard storeGuard = new StoreGuard(store.dataSource(), StateStore.describe(settings.storeUrl()),
                settings.pauseCheckInterval().toMillis(), clock, endOnceRunNotReached);
        // with a shared store, every instance's audit events are copied there for trace run on any of them
        AuditEvents sharedAudit = claims == null ? null : new AuditEvents(store.dataSource(), instanceName,
                settings.auditRetentionDays());
        if (sharedAudit != null) {
            context.addService(sharedAudit, true, true);
        }
        AuditTrail audit = new AuditTrail(folders.root().resolve("audit"), settings.auditRetentionDays(), clock,
                sharedAudit, instanceName);
        context.addService(audit, true, true);
        if (claims != null) {
            // replays asked of this instance from another host, done here where its dead letters are
            AskedReplays asked = new AskedReplays(new ReplayRequests(store.dataSource(), clock), instanceName, folders,
                    new DeadLetterReplay(folders, audit));
            long every = Math.min(ASKED_REPLAYS_EVERY.toMillis(), Math.max(1, settings.instance().lease().toMillis() / 3));
            context.getExecutorServiceManager().newSingleThreadScheduledExecutor(AskedReplays.class, "bridge-replays")
                    .scheduleWithFixedDelay(asked::serveQuietly, every, every, TimeUnit.MILLISECONDS);
        }
        BridgeMetrics metrics = BridgeMetrics.of(context, clock);
        metrics.watchInstance(membership.claims()::heldFiles, () -> cluster.isLeader(FEED_LEADERSHIP),
                () -> membership.peers().alive().size());
        ApiCalls apiCalls = new ApiCalls(metrics);
        context.getManagementStrategy().addEventNotifier(apiCalls);
        OrderOutcomes orderOutcomes = new OrderOutcomes(ledger, keys, folders, stats, clock, audit, metrics, claims);
        // pickup starts once the API has answered a check; a --once run that cannot use the API ends at once
        BridgeSettings.Api api = settings.api();
        ApiPreflight preflight = new ApiPreflight(api.url(), api.key(), api.connectTimeout(),
                ApiPreflight.answerTimeout(api.responseTimeout()));
        PickupGate gate = new PickupGate(context, preflight::check, settings.pauseCheckInterval(),
                endOnceRunNotReached == null ? null : endOnceRunNotReached::accept);
        Map<String, RemoteFolders> remoteFolders = new HashMap<>();
        Map<String, RemoteSourceLog> remoteSources = new HashMap<>();
        List<SourceParts> pickups = new ArrayList<>();
        for (PartnerSource source : settings.sources()) {
            if (source.type() == PartnerSource.Type.SFTP) {
                RemoteSourceLog connectionLog = remoteSource(context, source, gate);
                remoteSources.put(source.name(), connectionLog);
                if (source.after() == PartnerSource.After.MOVE) {
                    remoteFolders.put(source.name(), new RemoteFolders(source.doneFolder(), source.rejectedFolder()));
                }
                pickups.add(new SourceParts(source, new PickupFileFilter<>(source, stats, clock),
                        ClaimedReadLock.sftp(source.name(), claims, storeGuard), connectionLog,
                        new ProcessedFiles(store.dataSource(), source.name(), clock), connectionLog));
            } else {
                pickups.add(new SourceParts(source, new PickupFileFilter<>(source, stats, clock),
                        ClaimedReadLock.local(source.name(), claims, storeGuard), gate, null, null));
                metrics.watchFolder(source.name(), source.has("path") ? Path.of(source.location()) : folders.inbox());
            }
            LOG.info("source {}: {} {} (route {})", source.name(), source.type().name().toLowerCase(Locale.ROOT),
                    source.location(), source.routeId());
        }
        if (!FileNames.platformIsUtf8()) {
            LOG.warn("file names are read in {} (the locale, LANG/LC_ALL): a file whose name has other characters is"
                    + " left at its source; start the bridge with a UTF-8 locale, e.g. LANG=C.UTF-8",
                    FileNames.platformEncoding());
        }
        ProgressLog progress = new ProgressLog(Duration.ofMillis(Math.max(1, settings.console()
                .progressIntervalMillis())), clock);
        ArchiveWatch archiveWatch = new ArchiveWatch(folders.done(), settings.watchAfterDone(), clock);
        context.addService(archiveWatch, true, true);
        PartnerOutbox outbox = new PartnerOutbox(folders.outbox(), settings.feed().outboxMode());
        List<PartnerSource> uploads = settings.sources().stream().filter(PartnerSource::uploadsFeed).toList();
        if (!uploads.isEmpty()) {
            context.addRoutes(new PartnerUploadRoute(uploads));
        }
        X12Replies x12 = new X12Replies(outbox, new X12Interchanges(store.dataSource(), clock),
                settings.sources().stream().collect(Collectors.toMap(PartnerSource::name, PartnerSource::x12)), clock,
                PartnerUploadRoute.uploader(context, uploads));
        FileOutcomes fileOutcomes = new FileOutcomes(folders, stats, clock, remoteFolders, progress, archiveWatch, x12,
                ledger);
        if (settings.console().progressIntervalMillis() > 0) {
            long every = settings.console().progressIntervalMillis();
            context.getExecutorServiceManager().newSingleThreadScheduledExecutor(ImpiloBridge.class, "bridge-progress")
                    .scheduleAtFixedRate(progress::report, every, every, TimeUnit.MILLISECONDS);
        }

        ApiKeyGuard apiKeyGuard = new ApiKeyGuard(context, settings.pauseCheckInterval(), endOnceRun);
        DataFolderGuard dataFolderGuard = new DataFolderGuard(folders, settings.minFreeMegabytes() * 1024 * 1024,
                settings.pauseCheckInterval().toMillis(), DataFolderGuard::usableSpaceOf, endOnceRun);

        BridgeSettings.Feed feed = settings.feed();
        FeedPolls polls = new FeedPolls(feed.pageSize(), clock);
        FeedChanges changes = new FeedChanges(new FeedScope(ledger, keys, feed.scope()), new FeedState(store.dataSource(),
                clock), audit, claims);

        context.addRoutes(new ErrorPolicy(orderOutcomes, fileOutcomes, apiKeyGuard, polls, storeGuard));
        context.addRoutes(new ImpiloApiRoutes());
        context.addRoutes(new OrderSubmitRoute(new OrderAdmission(), orderOutcomes,
                new ReferenceResolver(settings.lookupCacheTime(), clock)));
        Runnable allDrained = onAllDrained;
        if (feed.enabled() || settings.webhook().enabled()) {
            context.addRoutes(new FeedEmitRoute(changes, outbox, !uploads.isEmpty(), x12));
        }
        if (feed.enabled()) {
            // with --once, no schedule: one poll once every source is drained, so that the run still ends by itself
            // on one instance at a time: the leader of the feed, elected through the store
            boolean scheduled = !settings.once() && feed.interval() > 0;
            context.addRoutes(new FeedPollRoute(polls, scheduled
                    ? ClusteredRoutePolicy.forNamespace(context, FEED_LEADERSHIP) : null));
            // on a schedule only the leader polls: the others have no lag of their own to report
            metrics.watchFeed(scheduled ? () -> cluster.isLeader(FEED_LEADERSHIP) ? polls.lastCompleted() : null
                    : polls::lastCompleted);
            allDrained = () -> {
                pollFeed(context);
                onAllDrained.run();
            };
        }
        if (settings.webhook().enabled()) {
            WebhookReceiver receiver = new WebhookReceiver(settings.webhook().secret());
            context.addRoutes(new WebhookRoute(receiver));
            // its own server, which answers strangers before reading them; stopped with the context
            context.addService(new WebhookServer(context, settings.webhook(), receiver), true, true);
        }
        DrainedSources drained = new DrainedSources(settings.sources().stream().map(PartnerSource::name).toList(),
                allDrained);
        context.addRoutes(new PickupRoute(pickups, fileOutcomes, drained, apiKeyGuard, dataFolderGuard, storeGuard));
        UserRoutes.load(context, settings.userRoutesDir());

        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                // pickup waits for the whole context; a host that installs the bundle into a context it has started
                // already is told only this, not that the context is fully started
                if (alreadyStarted) {
                    gate.start();
                }
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                gate.start();
            }
        });
        if (settings.once() && !remoteSources.isEmpty()) {
            SourceWait sourceWait = new SourceWait(remoteSources, drained, settings.onceSourceWait(),
                    stats::notReached, clock);
            context.getExecutorServiceManager().newSingleThreadScheduledExecutor(SourceWait.class, "bridge-source-wait")
                    .scheduleWithFixedDelay(sourceWait::check, 500, 500, TimeUnit.MILLISECONDS);
        }
        registerHealthChecks(context, new ApiKeyCheck(apiKeyGuard), new DataFolderCheck(dataFolderGuard),
                new StoreCheck(storeGuard),
                new ApiReachableCheck(apiCalls, settings.pauseCheckInterval()), new PickupGateCheck(gate),
                new InstanceCheck(membership, cluster, FEED_LEADERSHIP));
        LOG.info("impilo-order-bridge ready: API {}, data folder {}, state store {}, {} source(s) {}, feed {}, webhook {},"
                + " at most {} API calls at once", settings.apiUrl(), folders.root(), StateStore.describe(settings.storeUrl()),
                settings.sources().size(), settings.sources().stream().map(PartnerSource::name).toList(),
                settings.feed().enabled() ? "on (scope " + settings.feed().scope() + ")" : "off",
                settings.webhook().enabled() ? "on" : "off",
                context.resolvePropertyPlaceholders("{{bridge.http.max-concurrency}}"));
        return new ImpiloBridge(folders, ledger, stats, gate, store.installationId());
    }

    // Readiness checks for Camel's health endpoints; a host context without camel-health simply has no registry.
    private static void registerHealthChecks(CamelContext context, Object... checks) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry != null) {
            for (Object check : checks) {
                registry.register(check);
            }
        }
    }

    /** Only what the Impilo API client routes need (the {@code status} command): the API settings and those routes. */
    public static void installApiClient(CamelContext context) throws Exception {
        BridgeSettings.apiUrl(new CamelPropertyLookup(context.getPropertiesComponent()), "");
        context.addRoutes(new ImpiloApiRoutes());
    }

    // One feed poll, on the calling thread; the poll's own error policy handles its failures.
    private static void pollFeed(CamelContext context) {
        try (ProducerTemplate template = context.createProducerTemplate()) {
            template.requestBody(Endpoints.FEED_POLL_NOW, (Object) null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Installs the bundle into a host's CamelContext; a host's own settings win over the bundle's defaults. */
    public static ImpiloBridge install(CamelContext context) throws Exception {
        return install(context, () -> { });
    }

    /**
     * The defaults shipped in the jar (config/application.properties) as the lowest-priority properties, for the
     * keys the context does not set: a host application needs to set only what it changes.
     */
    private static void addDefaults(PropertiesComponent properties) throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = ImpiloBridge.class.getResourceAsStream("/" + DEFAULTS)) {
            defaults.load(in);
        }
        for (String key : defaults.stringPropertyNames()) {
            if (properties.resolveProperty(key).isEmpty()) {
                properties.addInitialProperty(key, defaults.getProperty(key));
            }
        }
    }

    // A remote source's connection log, which is also its readiness check and its poll strategy.
    private static RemoteSourceLog remoteSource(CamelContext context, PartnerSource source, PickupGate gate) {
        if (!source.verifiesHostKeys()) {
            LOG.warn("source {}: the SFTP server's host key is NOT checked ({}{}.strict-host-key-checking=no):"
                    + " anyone who can redirect the connection to {} receives the login and the partner's files",
                    source.name(), PartnerSource.PREFIX, source.name(), source.location());
        }
        RemoteSourceLog connectionLog = new RemoteSourceLog(source.name(), source.location(), gate);
        registerHealthChecks(context, new SourceConnectionCheck(source.name(), connectionLog));
        return connectionLog;
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

    /** The id of this installation, which names the stamps of the orders it creates. */
    public String installationId() {
        return installationId;
    }

    /** True once the Impilo API has answered the check that pickup waits for. */
    public boolean pickupOpen() {
        return gate.isOpen();
    }
}
