package com.impilo.bridge.routes;

import com.impilo.bridge.settings.PartnerSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.EndpointConsumerResolver;
import org.apache.camel.EndpointProducerResolver;
import org.apache.camel.component.file.remote.SftpConfiguration;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.spi.PropertiesComponent;

/**
 * A source's SFTP password and key passphrase go onto its endpoint's configuration, never into its URI: in a URI any
 * quoting breaks on some character a secret may hold (RAW(...) ends at ")&"), and then Camel's error message would
 * print the part of the secret it could not parse.
 */
final class SftpSecrets {

    private SftpSecrets() {
    }

    /** The consumer endpoint of {@code builder}, with the source's secrets set when it is an SFTP endpoint. */
    static Endpoint endpoint(CamelContext context, EndpointConsumerResolver builder, PartnerSource source) {
        return withSecrets(context, builder.resolve(context), source);
    }

    /** The producer endpoint of {@code builder}, with the source's secrets set when it is an SFTP endpoint. */
    static Endpoint endpoint(CamelContext context, EndpointProducerResolver builder, PartnerSource source) {
        return withSecrets(context, builder.resolve(context), source);
    }

    private static Endpoint withSecrets(CamelContext context, Endpoint endpoint, PartnerSource source) {
        if (endpoint instanceof SftpEndpoint sftp) {
            SftpConfiguration configuration = sftp.getConfiguration();
            PropertiesComponent properties = context.getPropertiesComponent();
            if (source.has("password")) {
                properties.resolveProperty(source.key("password")).ifPresent(configuration::setPassword);
            }
            if (source.has("private-key-passphrase")) {
                properties.resolveProperty(source.key("private-key-passphrase"))
                        .ifPresent(configuration::setPrivateKeyPassphrase);
            }
        }
        return endpoint;
    }
}
