package dev.tidings.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tidings.config.Limits;
import dev.tidings.inbox.CommittedEvent;
import dev.tidings.inbox.InboxErased;
import dev.tidings.inbox.InboxReader;
import dev.tidings.inbox.InboxesChanged;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hub and an erased user: connections here end when this server erases the user, and when
 * another server's commit (or the catch-up) says the user's log is empty or behind what they were
 * given; other users' connections, and a user's connection that was given nothing, go on.
 */
class HubErasureTest {

    /** The log as the reader sees it: each user's newest seq; a user absent has no inbox. */
    private final Map<String, Long> lastSeqs = new HashMap<>();
    private final ManualExecutor executor = new ManualExecutor();
    private Hub hub;

    @BeforeEach
    void setUp() {
        hub = new Hub();
        hub.metrics = new DeliveryMetrics() {
            @Override
            void opened(Transport transport) {
            }

            @Override
            void replayed(Transport transport) {
            }

            @Override
            void reset(Transport transport) {
            }

            @Override
            void sent(Transport transport, Frame.Event event) {
            }

            @Override
            void closed(Subscriber subscriber) {
            }
        };
        hub.limits = new Limits() {
            @Override
            public int deliveryBufferEvents() {
                return 100;
            }

            @Override
            public int maxConnectionsPerUser() {
                return 16;
            }

            @Override
            public int maxConnections() {
                return 1000;
            }

            @Override
            public int replayPageEvents() {
                return 100;
            }
        };
        hub.reader = new InboxReader() {
            @Override
            public EventPage eventsAfter(String userId, long cursor, int max) {
                long last = lastSeqs.getOrDefault(userId, 0L);
                List<CommittedEvent> events = new ArrayList<>();
                for (long seq = cursor + 1; seq <= last && events.size() < max; seq++) {
                    events.add(new CommittedEvent(userId, seq, "created", 1, "{\"seq\":" + seq + "}"));
                }
                long next = events.isEmpty() ? cursor : events.get(events.size() - 1).seq();
                return new EventPage(events, next, 0, next < last, last);
            }

            @Override
            public Map<String, Long> lastSeqs(Collection<String> userIds) {
                Map<String, Long> found = new HashMap<>();
                userIds.stream().filter(lastSeqs::containsKey).forEach(user -> found.put(user, lastSeqs.get(user)));
                return found;
            }

            @Override
            public List<CommittedEvent> eventsAfter(Map<String, Long> cursors, int max) {
                List<CommittedEvent> events = new ArrayList<>();
                cursors.forEach((user, cursor) -> events.addAll(eventsAfter(user, cursor, max).events()));
                return events;
            }
        };
        hub.writers = (ManagedExecutorService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ManagedExecutorService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("execute")) {
                        executor.execute((Runnable) args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A connection of {@code user} opened at 0 that has been given the user's whole log. */
    private FakeConnection connected(String user) {
        FakeConnection connection = new FakeConnection();
        connection.completeAtOnce = true;
        hub.subscribe(user, null, 0, connection);
        executor.runAll();
        assertEquals(lastSeqs.getOrDefault(user, 0L).intValue(), connection.seqs().size());
        return connection;
    }

    private void settle() {
        executor.runAll();
    }

    @Test
    void erasingAUserHereEndsEachOfTheirConnectionsAndNoOneElses() {
        lastSeqs.put("bob", 3L);
        lastSeqs.put("carol", 2L);
        FakeConnection bobsTab = connected("bob");
        FakeConnection bobsPhone = connected("bob");
        FakeConnection carols = connected("carol");

        hub.onErased(new InboxErased("bob"));
        settle();

        assertEquals(List.of(Ending.ERASED), bobsTab.closes);
        assertEquals(List.of(Ending.ERASED), bobsPhone.closes);
        assertEquals(List.of(), carols.closes);
        assertEquals(1, hub.connectionCount());
    }

    @Test
    void anotherServersErasureSaysSeqZeroAndEndsTheConnectionsGivenAnything() {
        lastSeqs.put("bob", 3L);
        FakeConnection bobs = connected("bob");
        FakeConnection quiet = connected("dave"); // no inbox yet: given nothing, nothing to take back

        lastSeqs.remove("bob");
        hub.onInboxesChanged(new InboxesChanged(Map.of("bob", 0L, "dave", 0L), false));
        settle();

        assertEquals(List.of(Ending.ERASED), bobs.closes);
        assertEquals(List.of(), quiet.closes);
    }

    @Test
    void theCatchUpEndsConnectionsGivenMoreThanTheLogHolds() {
        lastSeqs.put("bob", 3L);
        lastSeqs.put("carol", 2L);
        lastSeqs.put("erin", 4L);
        FakeConnection bobs = connected("bob");
        FakeConnection carols = connected("carol");
        FakeConnection erins = connected("erin");

        lastSeqs.remove("bob");   // erased, the wake-up lost
        lastSeqs.put("carol", 1L); // erased and published to again: a fresh log behind the old cursor
        lastSeqs.put("erin", 5L);  // an ordinary commit elsewhere
        hub.onInboxesChanged(InboxesChanged.all());
        settle();

        assertEquals(List.of(Ending.ERASED), bobs.closes);
        assertEquals(List.of(Ending.ERASED), carols.closes);
        assertEquals(List.of(), erins.closes);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), erins.seqs(), "erin's connection caught up as usual");
    }
}
