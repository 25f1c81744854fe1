package com.impilo.bridge.routes;

import java.io.File;
import java.util.List;
import java.util.concurrent.ExecutorService;

import com.impilo.bridge.settings.PartnerSource;
import com.impilo.bridge.api.ApiKeyGuard;
import com.impilo.bridge.ingest.ReadOptions;
import com.impilo.bridge.ingest.reader.AcceptedFormats;
import com.impilo.bridge.ingest.reader.OrderFileReader;
import com.impilo.bridge.outcome.DataFolderGuard;
import com.impilo.bridge.outcome.FileOutcomes;
import com.impilo.bridge.store.StoreGuard;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

/**
 * Picks up partner files, one route per source ({@code pickup-<name>}), and hands their orders, one by one and
 * streamed, to order processing. Local and remote files take the same way: a remote file is read from its download.
 */
public final class PickupRoute extends RouteBuilder {

    private final List<SourceParts> sources;
    private final FileOutcomes files;
    private final DrainedSources drained;
    private final ApiKeyGuard apiKeyGuard;
    private final DataFolderGuard dataFolderGuard;
    private final StoreGuard storeGuard;
    private final RemoteFileCheck remoteFileCheck = new RemoteFileCheck();

    /**
     * @param sources each source with what its endpoint is built with
     * @param drained told when a poll of a source finds nothing; only with {@code bridge.once=true}
     */
    public PickupRoute(List<SourceParts> sources, FileOutcomes files, DrainedSources drained,
                       ApiKeyGuard apiKeyGuard, DataFolderGuard dataFolderGuard, StoreGuard storeGuard) {
        this.sources = List.copyOf(sources);
        this.files = files;
        this.drained = drained;
        this.apiKeyGuard = apiKeyGuard;
        this.dataFolderGuard = dataFolderGuard;
        this.storeGuard = storeGuard;
    }

    @Override
    public void configure() {
        int maxConcurrency = Integer.parseInt(getContext().resolvePropertyPlaceholders("{{bridge.http.max-concurrency}}"));
        for (SourceParts parts : sources) {
            PartnerSource source = parts.source();
            OrderFileReader reader = new OrderFileReader(new ReadOptions(source.csvLayout(), source.crosswalk(),
                    source.formats(), source.x12()));
            AcceptedFormats accepted = new AcceptedFormats(source.name(), source.formats());
            ProcessorDefinition<?> route = from(SftpSecrets.endpoint(getContext(), Endpoints.pickup(parts), source))
                    .routeId(source.routeId())
                    .routeConfigurationId(ErrorPolicy.FILE_ERRORS)
                    // a policy holds the state of the route it pauses, so each route gets its own
                    .routePolicy(apiKeyGuard.pickupPolicy(), dataFolderGuard.pickupPolicy(), storeGuard.pickupPolicy())
                    .filter(body().isNull())
                        // files taken side by side may still be in progress: the source is drained once they are done
                        .filter(PickupRoute::noFileInProgress)
                            .process(exchange -> drained.drained(source.name()))
                        .end()
                        .stop()
                    .end();
            // A folder's files are taken max-concurrency side by side, so that a folder of single-order files keeps
            // as many calls busy as one large file does; the poll thread takes its turn when every file thread is
            // busy, so at most max-concurrency files are in progress and a shutdown finishes only those. An SFTP
            // source's files stay one at a time: its one connection moves each remote file once it is done.
            if (source.type() == PartnerSource.Type.LOCAL && maxConcurrency > 1) {
                route = route.threads().executorService(fileThreads(source, maxConcurrency - 1))
                        .callerRunsWhenRejected(true);
            }
            route = route
                    .process(exchange -> dataFolderGuard.check())
                    .process(storeGuard.guarded(BridgeExchange.openFile(files, source.name())))
                    .process(exchange -> accepted.check(exchange.getMessage().getMandatoryBody(File.class).toPath()))
                    .process(BridgeExchange.checkFile(reader, files))
                    .split(BridgeExchange.ordersOfFile(reader)).streaming()
                        // orders of a file are processed side by side (the API sees at most max-concurrency calls)
                        .parallelProcessing().executorService(orderThreads(source, maxConcurrency)).synchronous()
                        .onPrepare(PickupRoute::withoutFileHeaders)
                        .to(Endpoints.PROCESS_ORDER)
                    .end()
                    .process(BridgeExchange.checkFileNotStopped(files, storeGuard));
            if (source.type() == PartnerSource.Type.SFTP) {
                route = route.process(remoteFileCheck::checkUnchanged);
            }
            route.process(storeGuard.guarded(BridgeExchange.completeFile(files)));
        }
        ErrorsAsFailures.guard(getRouteCollection().getRoutes());
    }

    // The empty message of an idle poll is itself in flight on the route; anything more is a file in progress.
    private static boolean noFileInProgress(Exchange idle) {
        return idle.getContext().getInflightRepository().size(idle.getFromRouteId()) <= 1;
    }

    // An order needs none of its file's headers (its FileRun stands for the file), and each header it carried would be
    // copied, filtered and matched against header patterns again and again on its way to the API.
    private static void withoutFileHeaders(Exchange order) {
        order.getMessage().getHeaders().clear();
    }

    // Bounded threads and queue; when both are full the file's own thread processes the next order, which holds
    // back reading: memory stays flat however large the file.
    private ExecutorService orderThreads(PartnerSource source, int threads) {
        String name = "bridge-orders-" + source.name();
        ThreadPoolProfile profile = new ThreadPoolProfileBuilder(name)
                .poolSize(threads).maxPoolSize(threads).maxQueueSize(threads * 4)
                .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns)
                .build();
        return getContext().getExecutorServiceManager().newThreadPool(this, name, profile);
    }

    // No queue: a file waits at its source, not in memory, until a thread (or the poll thread itself) takes it.
    private ExecutorService fileThreads(PartnerSource source, int threads) {
        String name = "bridge-files-" + source.name();
        ThreadPoolProfile profile = new ThreadPoolProfileBuilder(name)
                .poolSize(threads).maxPoolSize(threads).maxQueueSize(0)
                .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns)
                .build();
        return getContext().getExecutorServiceManager().newThreadPool(this, name, profile);
    }
}
