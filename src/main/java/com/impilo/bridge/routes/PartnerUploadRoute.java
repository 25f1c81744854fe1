package com.impilo.bridge.routes;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import com.impilo.bridge.settings.PartnerSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ChoiceDefinition;

/**
 * Puts a file of a partner's outbox (a feed order, an X12 acknowledgment) on the partner's SFTP server, in its
 * source's {@code outbox-folder}: the body is the outbox file, the {@value #SOURCE} header the source's name. A
 * source without an outbox folder there gets nothing uploaded.
 */
public final class PartnerUploadRoute extends RouteBuilder {

    /** The header naming the source whose server the file goes to. */
    static final String SOURCE = "BridgeUploadSource";

    private final List<PartnerSource> uploads;

    /** @param uploads the sources with an SFTP outbox folder */
    public PartnerUploadRoute(List<PartnerSource> uploads) {
        this.uploads = List.copyOf(uploads);
    }

    /**
     * Hands a written outbox file of a source to this route, waiting for the upload, when the source is one of
     * {@code uploads}; the file of any other source stays in the local outbox only.
     *
     * @return a consumer that throws (a {@code CamelExecutionException}) when the upload fails
     */
    public static BiConsumer<String, Path> uploader(CamelContext context, List<PartnerSource> uploads) {
        Set<String> names = uploads.stream().map(PartnerSource::name).collect(Collectors.toUnmodifiableSet());
        ProducerTemplate template = context.createProducerTemplate();
        return (source, file) -> {
            if (names.contains(source)) {
                template.sendBodyAndHeader(Endpoints.PARTNER_UPLOAD, file, SOURCE, source);
            }
        };
    }

    @Override
    public void configure() {
        ChoiceDefinition partner = from(Endpoints.PARTNER_UPLOAD)
                .routeId("partner-upload")
                .choice();
        for (PartnerSource source : uploads) {
            partner.when(header(SOURCE).isEqualTo(source.name()))
                    .setHeader(Exchange.FILE_NAME, simple("${body.fileName.toString()}"))
                    .to(SftpSecrets.endpoint(getContext(), Endpoints.sftpOutbox(source), source))
                    .removeHeaders("CamelFile*");
        }
        partner.end().removeHeader(SOURCE);
        ErrorsAsFailures.guard(getRouteCollection().getRoutes());
    }
}
