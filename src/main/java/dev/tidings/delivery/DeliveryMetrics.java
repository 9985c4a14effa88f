package dev.tidings.delivery;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The live side's metrics (docs/operations.md, Metrics), and the connection log: one line per
 * connection end on the logger {@code dev.tidings.connections}, with user, transport, duration
 * and cause (never a token).
 */
@ApplicationScoped
public class DeliveryMetrics {

    /** The connection log's own logger, so that operators may turn it up or down alone. */
    static final Logger CONNECTIONS = Logger.getLogger("dev.tidings.connections");

    @Inject
    MetricRegistry registry;

    private final Map<Transport, AtomicInteger> open = new EnumMap<>(Transport.class);
    private final Map<Transport, Counter> delivered = new EnumMap<>(Transport.class);
    private final Map<Transport, Counter> replays = new EnumMap<>(Transport.class);
    private final Map<Transport, Counter> resets = new EnumMap<>(Transport.class);
    private final Map<Transport, Map<Ending, Counter>> ends = new EnumMap<>(Transport.class);
    private Timer latency;

    /** Registers the metrics when the application starts, so that a scraper sees every one from the first scrape. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Observing start-up makes this bean start with the application rather than on first use.
    }

    @PostConstruct
    void register() {
        Metadata connections = Metadata.builder().withName("tidings.connections")
                .withDescription("Live connections, by transport").build();
        Metadata events = Metadata.builder().withName("tidings.events.delivered")
                .withDescription("Events handed to a connection's socket (live, replayed and caught up), by transport").build();
        Metadata replayed = Metadata.builder().withName("tidings.replays")
                .withDescription("Connections that opened behind the log and were replayed from it, by transport").build();
        Metadata reset = Metadata.builder().withName("tidings.resets")
                .withDescription("Connections that opened behind what the log retains and were told to reset, by transport").build();
        Metadata disconnects = Metadata.builder().withName("tidings.disconnects")
                .withDescription("Connections ended, by transport and cause (slow_consumer, token_expired, client_gone, finished, server_stopping, erased)")
                .build();
        for (Transport transport : Transport.values()) {
            Tag by = new Tag("transport", transport.label());
            AtomicInteger count = new AtomicInteger();
            open.put(transport, count);
            registry.gauge(connections, count, AtomicInteger::get, by);
            delivered.put(transport, registry.counter(events, by));
            replays.put(transport, registry.counter(replayed, by));
            resets.put(transport, registry.counter(reset, by));
            Map<Ending, Counter> byCause = new EnumMap<>(Ending.class);
            for (Ending ending : Ending.values()) {
                byCause.put(ending, registry.counter(disconnects, by, new Tag("cause", cause(ending))));
            }
            ends.put(transport, byCause);
        }
        latency = registry.timer(Metadata.builder().withName("tidings.delivery.latency")
                .withDescription("From a write's acceptance (a publish, like or read mark) to each of its events being handed to a live connection's socket")
                .withUnit(MetricUnits.SECONDS).build());
    }

    /** The cause as metrics and the connection log name it. */
    static String cause(Ending ending) {
        return switch (ending) {
            case TOO_SLOW -> "slow_consumer";
            case CLIENT_GONE -> "client_gone";
            case FINISHED -> "finished";
            case TOKEN_EXPIRED -> "token_expired";
            case SERVER_STOPPING -> "server_stopping";
            case ERASED -> "erased";
        };
    }

    void opened(Transport transport) {
        open.get(transport).incrementAndGet();
    }

    void replayed(Transport transport) {
        replays.get(transport).inc();
    }

    void reset(Transport transport) {
        resets.get(transport).inc();
    }

    /** An event was handed to a connection's socket. */
    void sent(Transport transport, Frame.Event event) {
        delivered.get(transport).inc();
        if (event.committed().acceptedNanos() != 0) {
            latency.update(Duration.ofNanos(System.nanoTime() - event.committed().acceptedNanos()));
        }
    }

    /**
     * A connection is gone: counted, and logged when the hub ended it for a reason (one refused
     * at its opening was never live and is not logged).
     */
    void closed(Subscriber subscriber) {
        Transport transport = subscriber.connection().transport();
        open.get(transport).decrementAndGet();
        Ending reason = subscriber.endedFor();
        if (reason == null) {
            return;
        }
        ends.get(transport).get(reason).inc();
        CONNECTIONS.info(() -> String.format("connection ended: user=%s transport=%s duration=%.3fs cause=%s events=%d",
                subscriber.userId(), transport.label(), subscriber.ageNanos() / 1e9, cause(reason), subscriber.eventsSent()));
    }
}
