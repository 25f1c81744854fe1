package com.impilo.bridge;

import java.time.Clock;
import java.util.List;

import com.impilo.bridge.api.ApiKeyGuard;
import com.impilo.bridge.api.ImpiloApiRoutes;
import com.impilo.bridge.ingest.OrderFileReader;
import com.impilo.bridge.outcome.DataFolderGuard;
import com.impilo.bridge.outcome.DataFolders;
import com.impilo.bridge.outcome.FileOutcomes;
import com.impilo.bridge.outcome.OrderOutcomes;
import com.impilo.bridge.outcome.RunStats;
import com.impilo.bridge.routes.ErrorPolicy;
import com.impilo.bridge.routes.InboxPickupRoute;
import com.impilo.bridge.routes.OrderSubmitRoute;
import com.impilo.bridge.routes.UserRoutes;
import com.impilo.bridge.store.IdempotencyKeys;
import com.impilo.bridge.store.OrderLedger;
import com.impilo.bridge.store.StateStore;
import com.impilo.bridge.validate.OrderAdmission;
import org.apache.camel.CamelContext;

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
     * @param onInboxDrained called when {@code bridge.once=true} and a poll finds the inbox empty
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

        ApiKeyGuard apiKeyGuard = new ApiKeyGuard(context, settings.pauseCheckInterval(),
                settings.once() ? onInboxDrained : null);

        context.addRoutes(new ErrorPolicy(orderOutcomes, fileOutcomes, apiKeyGuard));
        context.addRoutes(new ImpiloApiRoutes());
        context.addRoutes(new OrderSubmitRoute(new OrderAdmission(), orderOutcomes));
        DataFolderGuard dataFolderGuard = new DataFolderGuard(folders, settings.minFreeMegabytes() * 1024 * 1024,
                settings.pauseCheckInterval().toMillis(), DataFolderGuard::usableSpaceOf,
                settings.once() ? onInboxDrained : null);
        context.addRoutes(new InboxPickupRoute(new OrderFileReader(settings.inboxCsv()), fileOutcomes, onInboxDrained,
                dataFolderGuard, List.of(apiKeyGuard.pickupPolicy(), dataFolderGuard.pickupPolicy())));
        UserRoutes.load(context, settings.userRoutesDir());
        return new ImpiloBridge(folders, ledger, stats);
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
