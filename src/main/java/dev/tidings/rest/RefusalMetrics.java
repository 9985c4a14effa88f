package dev.tidings.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Counts every error answer by status ({@code tidings_refusals_total{status="429"}}): HTTP
 * answers through {@link RefusalCounter}, WebSocket refusals (a close code after the upgrade) by
 * their HTTP equivalent through {@link #refused}.
 */
@ApplicationScoped
public class RefusalMetrics {

    static final Metadata REFUSALS = Metadata.builder().withName("tidings.refusals")
            .withDescription("Requests and WebSocket connections refused or failed, by HTTP status (400, 401, 403, 404, 413, 422, 429, 500, 503 ...)")
            .build();

    /** The statuses counted from the start (a dashboard shows them as 0 rather than as missing); others when first seen. */
    static final int[] USUAL = {400, 401, 403, 404, 405, 413, 415, 422, 429, 500, 503};

    @Inject
    MetricRegistry registry;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        for (int status : USUAL) {
            registry.counter(REFUSALS, tag(status));
        }
    }

    private static Tag tag(int status) {
        return new Tag("status", Integer.toString(status));
    }

    /** One answer (or WebSocket close) with this error status. */
    public void refused(int status) {
        registry.counter(REFUSALS, tag(status)).inc();
    }
}
