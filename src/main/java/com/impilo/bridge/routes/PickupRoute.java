package com.impilo.bridge.routes;

import java.util.List;

import com.impilo.bridge.PartnerSource;
import com.impilo.bridge.ingest.AcceptedFormats;
import com.impilo.bridge.ingest.OrderFileReader;
import com.impilo.bridge.outcome.FileOutcomes;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * Picks up partner files, one route per source ({@code pickup-<name>}), and hands their orders, one by one and
 * streamed, to order processing. Local and remote files take the same way: a remote file is read from its download.
 */
public final class PickupRoute extends RouteBuilder {

    private final List<PartnerSource> sources;
    private final OrderFileReader reader;
    private final FileOutcomes files;
    private final DrainedSources drained;

    /**
     * @param drained told when a poll of a source finds nothing; only with {@code bridge.once=true}
     */
    public PickupRoute(List<PartnerSource> sources, OrderFileReader reader, FileOutcomes files, DrainedSources drained) {
        this.sources = List.copyOf(sources);
        this.reader = reader;
        this.files = files;
        this.drained = drained;
    }

    @Override
    public void configure() {
        for (PartnerSource source : sources) {
            from(Endpoints.pickup(source))
                    .routeId(source.routeId())
                    .routeConfigurationId(ErrorPolicy.FILE_ERRORS)
                    .filter(body().isNull())
                        .bean(drained, "drained('" + source.name() + "')")
                        .stop()
                    .end()
                    .bean(files, "open(*, '" + source.name() + "')")
                    .bean(new AcceptedFormats(source.name(), source.formats()),
                            "check(${header." + Exchange.FILE_NAME_ONLY + "})")
                    .bean(reader, "checkReadable")
                    .split(method(reader, "orders")).streaming()
                        .to(Endpoints.PROCESS_ORDER)
                    .end()
                    .bean(files, "complete");
        }
    }
}
