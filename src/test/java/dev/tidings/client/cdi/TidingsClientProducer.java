package dev.tidings.client.cdi;

import dev.tidings.client.TidingsClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * The CDI producer docs/java-client.md tells applications to copy (it is shown there verbatim, less
 * this comment and the package): one {@link TidingsClient} for the application, configured from the
 * {@code tidings.client.*} MicroProfile Config properties. PublisherClientCdiIT deploys it.
 */
@ApplicationScoped
public class TidingsClientProducer {

    @Inject
    Config config;

    @Produces
    @Singleton // not @ApplicationScoped: TidingsClient is final, so CDI could not proxy it
    public TidingsClient tidingsClient() {
        return TidingsClient.fromConfig(name -> config.getOptionalValue(name, String.class));
    }
}
