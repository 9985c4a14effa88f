package dev.tidings.publish;

import dev.tidings.inbox.GroupCommit;
import dev.tidings.rest.ProblemException;
import dev.tidings.rest.Refusal;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Publish calls and the notifications they carry, by outcome (docs/operations.md, Metrics).
 * Counted once the call is answered; a body that fails validation never reaches the publisher
 * and is counted only among the refusals ({@code tidings_refusals_total}).
 */
@ApplicationScoped
public class PublishMetrics {

    /** How a publish call ended. */
    enum Outcome {
        /** Committed: answered 201. */
        CREATED,
        /** Answered from an earlier call with the same Idempotency-Key: 201, nothing written. */
        REPLAYED,
        /** Refused for a reason the caller can act on (4xx: rate, a reused key, a rule). */
        REFUSED,
        /** Not written because the database or the write queue was unavailable (503): retry. */
        UNAVAILABLE,
        /** Failed unexpectedly (500). */
        FAILED
    }

    @Inject
    MetricRegistry registry;

    private final Map<Outcome, Counter> calls = new EnumMap<>(Outcome.class);
    private final Map<Outcome, Counter> notifications = new EnumMap<>(Outcome.class);

    /** Registers the metrics when the application starts, so that a scraper sees every one from the first scrape. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Observing start-up makes this bean start with the application rather than on first use.
    }

    @PostConstruct
    void register() {
        Metadata callsMeta = Metadata.builder().withName("tidings.publish.calls")
                .withDescription("Publish calls answered, by outcome (created, replayed, refused, unavailable, failed)").build();
        Metadata notificationsMeta = Metadata.builder().withName("tidings.notifications")
                .withDescription("Notifications in answered publish calls (one per recipient), by the call's outcome").build();
        for (Outcome outcome : Outcome.values()) {
            Tag tag = new Tag("outcome", outcome.name().toLowerCase(Locale.ROOT));
            calls.put(outcome, registry.counter(callsMeta, tag));
            notifications.put(outcome, registry.counter(notificationsMeta, tag));
        }
    }

    /** A call to {@code recipients} recipients answered with {@code result}, or failed with {@code failure}. */
    void answered(int recipients, Publisher.Outcome result, Throwable failure) {
        Outcome outcome = failure == null ? (result.replayed() ? Outcome.REPLAYED : Outcome.CREATED) : outcomeOf(failure);
        calls.get(outcome).inc();
        notifications.get(outcome).inc(recipients);
    }

    static Outcome outcomeOf(Throwable failure) {
        Throwable cause = GroupCommit.cause(failure);
        if (cause instanceof ProblemException problem) {
            return problem.status() >= 500 ? Outcome.FAILED : Outcome.REFUSED;
        }
        return Refusal.of(cause).map(refusal -> refusal.status() == 503 ? Outcome.UNAVAILABLE : Outcome.REFUSED)
                .orElse(Outcome.FAILED);
    }
}
