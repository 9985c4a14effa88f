package dev.tidings.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.config.Limits;
import dev.tidings.delivery.Connection;
import dev.tidings.delivery.Ending;
import dev.tidings.delivery.Frame;
import dev.tidings.delivery.Hub;
import dev.tidings.delivery.Subscription;
import dev.tidings.delivery.Transport;
import dev.tidings.inbox.EventRetention;
import dev.tidings.inbox.InboxCreator;
import dev.tidings.inbox.InboxReader;
import dev.tidings.inbox.InboxWriter;
import dev.tidings.inbox.NewNotification;
import dev.tidings.it.Api;
import dev.tidings.it.Deployments;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In the container: events older than {@code tidings.inbox.retained-days} are purged (the test makes
 * some old in the database), newer ones and the listing stay, and a client resuming from before the
 * purge is told to {@code reset} by the hub that serves every live transport, never given a gap.
 */
@ExtendWith(ArquillianExtension.class)
class RetentionByAgeIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.tidings().addClasses(Tables.class, Api.class);
    }

    @Inject
    InboxCreator creator;

    @Inject
    InboxWriter writer;

    @Inject
    InboxReader reader;

    @Inject
    EventRetention retention;

    @Inject
    Limits limits;

    @Inject
    Hub hub;

    @Inject
    Tables tables;

    /** A live connection that records what the hub writes (but heartbeats), and takes every write at once. */
    static final class Recording implements Connection {
        final List<Frame> frames = new CopyOnWriteArrayList<>();

        @Override
        public Transport transport() {
            return Transport.SSE;
        }

        @Override
        public void write(Frame frame, Consumer<Throwable> done) {
            if (!(frame instanceof Frame.Heartbeat)) {
                frames.add(frame);
            }
            done.accept(null);
        }

        @Override
        public void close(Ending reason) {
        }

        List<Frame> await(int count) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (frames.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return List.copyOf(frames);
        }
    }

    private String userWithEvents(int count) {
        String user = Api.newUser("old");
        creator.ensureExist(List.of(user));
        for (int i = 1; i <= count; i++) {
            writer.append(new NewNotification("shop", "comment", null, "n" + i, null, JsonObject.EMPTY_JSON_OBJECT, List.of()), List.of(user));
        }
        return user;
    }

    private Instant olderThanRetained() {
        assertTrue(limits.retainedDays() > 0, "the test server purges by age");
        return Instant.now().minus(Duration.ofDays(limits.retainedDays() + 1));
    }

    /** What a live connection opened with cursor {@code after} is sent first (replay, or a reset). */
    private List<Frame> resume(String user, long after, int frames) throws InterruptedException {
        Recording connection = new Recording();
        Subscription subscription = hub.subscribe(user, null, after, connection);
        try {
            return connection.await(frames);
        } finally {
            subscription.subscriber().end(Ending.FINISHED);
        }
    }

    @Test
    void eventsOlderThanTheRetainedDaysArePurgedAndAResumeFromBeforeThemIsReset() throws Exception {
        String user = userWithEvents(5);
        tables.age(user, 5, Instant.now().minus(Duration.ofDays(limits.retainedDays() - 1))); // old, but not too old
        assertEquals(3, tables.age(user, 3, olderThanRetained()));

        retention.purge(); // the server's own purge (every second in the tests) may have been first: the state is what counts

        assertEquals(List.of(4L, 5L), tables.seqsOf(user), "only what is older than the retained days went");
        assertEquals(5, reader.listing(user, 50).notifications().size(), "notifications do not expire by age");
        assertTrue(reader.eventsAfter(user, 1, 100).startsAfterAGap(1));
        assertEquals(List.of(new Frame.Reset(5)), resume(user, 1, 1), "from before the purge: reload the listing, go on from 5");
        List<Frame> fromThree = resume(user, 3, 2);
        assertEquals(List.of(4L, 5L), fromThree.stream().map(f -> ((Frame.Event) f).seq()).toList(), "nothing after 3 was purged");
    }

    @Test
    void aLogOldInItsEntiretyIsPurgedAndEveryEarlierCursorIsReset() throws Exception {
        String user = userWithEvents(3);
        tables.age(user, 3, olderThanRetained());

        retention.purge();

        assertEquals(List.of(), tables.seqsOf(user));
        assertEquals(3, reader.listing(user, 50).seq(), "the inbox keeps its seq: the next event is 4");
        for (long after : List.of(0L, 2L)) {
            assertEquals(List.of(new Frame.Reset(3)), resume(user, after, 1), "from " + after);
        }
        Recording upToDate = new Recording();
        Subscription live = hub.subscribe(user, null, 3, upToDate);
        try {
            writer.append(new NewNotification("shop", "comment", null, "new", null, JsonObject.EMPTY_JSON_OBJECT, List.of()), List.of(user));
            List<Frame> frames = upToDate.await(1);
            assertEquals(1, frames.size(), frames.toString());
            assertEquals(4, ((Frame.Event) frames.get(0)).seq(), "a client that had everything just goes on");
        } finally {
            live.subscriber().end(Ending.FINISHED);
        }
    }
}
