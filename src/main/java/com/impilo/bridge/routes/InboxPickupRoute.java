package com.impilo.bridge.routes;

import com.impilo.bridge.ingest.OrderFileReader;
import com.impilo.bridge.outcome.DataFolderGuard;
import com.impilo.bridge.outcome.FileOutcomes;
import java.util.List;
import java.util.concurrent.ExecutorService;

import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spi.RoutePolicy;

/** Picks up partner files from the local inbox and hands their orders, one by one and streamed, to order processing. */
public final class InboxPickupRoute extends RouteBuilder {

    /** The source name recorded in receipts, error files and logs for the local inbox. */
    public static final String SOURCE = "inbox";

    private final OrderFileReader reader;
    private final FileOutcomes files;
    private final Runnable onInboxDrained;
    private final List<RoutePolicy> pickupPolicies;
    private final DataFolderGuard dataFolderGuard;

    /**
     * @param onInboxDrained called when a poll finds the inbox empty; only with {@code bridge.once=true}
     */
    public InboxPickupRoute(OrderFileReader reader, FileOutcomes files, Runnable onInboxDrained,
                            DataFolderGuard dataFolderGuard, List<RoutePolicy> pickupPolicies) {
        this.reader = reader;
        this.files = files;
        this.onInboxDrained = onInboxDrained;
        this.dataFolderGuard = dataFolderGuard;
        this.pickupPolicies = pickupPolicies;
    }

    // Bounded threads and queue; when both are full the file's own thread processes the next order, which holds
    // back reading: memory stays flat however large the file.
    private ExecutorService orderThreads() {
        int threads = Integer.parseInt(getContext().resolvePropertyPlaceholders("{{bridge.http.max-concurrency}}"));
        ThreadPoolProfile profile = new ThreadPoolProfileBuilder("bridge-orders")
                .poolSize(threads).maxPoolSize(threads).maxQueueSize(threads * 4)
                .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns)
                .build();
        return getContext().getExecutorServiceManager().newThreadPool(this, "bridge-orders", profile);
    }

    @Override
    public void configure() {
        from(Endpoints.inbox())
                .routeId("inbox-pickup")
                .routeConfigurationId(ErrorPolicy.FILE_ERRORS)
                .routePolicy(pickupPolicies.toArray(RoutePolicy[]::new))
                .filter(body().isNull())
                    .process(exchange -> onInboxDrained.run())
                    .stop()
                .end()
                .bean(dataFolderGuard, "check")
                .bean(files, "open(*, '" + SOURCE + "')")
                .bean(reader, "checkReadable")
                .split(method(reader, "orders")).streaming()
                    // orders of a file are processed side by side (the API sees at most max-concurrency calls), but
                    // one file at a time: on shutdown only the current file is finished
                    .parallelProcessing().executorService(orderThreads()).synchronous()
                    .to(Endpoints.PROCESS_ORDER)
                .end()
                .bean(files, "checkNotStopped")
                .bean(files, "complete");
    }
}
