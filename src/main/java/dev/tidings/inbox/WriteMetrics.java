package dev.tidings.inbox;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Timer;

/** The write path's metrics (docs/operations.md, Metrics): group commits and the queue before them. */
@ApplicationScoped
public class WriteMetrics {

    @Inject
    MetricRegistry registry;

    @Inject
    GroupCommit commits;

    private Timer durations;
    private Histogram batchCalls;
    private Histogram batchRows;

    /** Registers the metrics when the application starts, so that a scraper sees every one from the first scrape. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Observing start-up makes this bean start with the application rather than on first use.
    }

    @PostConstruct
    void register() {
        durations = registry.timer(Metadata.builder().withName("tidings.commit.duration")
                .withDescription("How long one group commit's transaction took, from its first lock to its commit")
                .withUnit(MetricUnits.SECONDS).build());
        batchCalls = registry.histogram(Metadata.builder().withName("tidings.commit.batch.calls")
                .withDescription("Write calls (publishes, likes, read marks) one group commit served").build());
        batchRows = registry.histogram(Metadata.builder().withName("tidings.commit.batch.rows")
                .withDescription("About how many rows one group commit wrote").build());
        registry.gauge(Metadata.builder().withName("tidings.write.queued.calls")
                .withDescription("Write calls waiting for a group commit").build(), commits, GroupCommit::queuedCalls);
    }


    /** One transaction of {@code calls} writes and about {@code rows} rows committed in {@code nanos}. */
    void committed(int calls, int rows, long nanos) {
        durations.update(Duration.ofNanos(nanos));
        batchCalls.update(calls);
        batchRows.update(rows);
    }
}
