package dev.tidings.transport.longpoll;

import dev.tidings.delivery.Ending;
import dev.tidings.delivery.Transport;
import dev.tidings.delivery.Frame;
import dev.tidings.delivery.Subscription;
import dev.tidings.inbox.WireFormat;
import dev.tidings.transport.ServletConnection;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One held long poll: collects the frames the hub writes, and answers with all of them once the
 * hub has written everything it had queued (or at the timeout, with none). Whatever the
 * hub writes after the answer is not lost: the client's next poll resumes from its cursor.
 */
final class LongPollConnection extends ServletConnection {

    @Override
    public Transport transport() {
        return Transport.LONG_POLL;
    }

    private static final Logger LOG = Logger.getLogger(LongPollConnection.class.getName());

    private final int maxEvents;
    private final List<String> events = new ArrayList<>();
    private long cursor;
    private long unread = -1;
    /** When the server stops: the client's delay before it polls again; -1 otherwise. */
    private long retryMillis = -1;

    LongPollConnection(AsyncContext async, long after, int maxEvents) {
        super(async);
        this.maxEvents = maxEvents;
        this.cursor = after;
    }

    @Override
    protected synchronized void start(Subscription subscription) {
        if (unread < 0) {
            unread = subscription.unreadAtOpen();
        }
    }

    @Override
    public void write(Frame frame, Consumer<Throwable> done) {
        synchronized (this) {
            // Beyond maxEvents the answer is full: the rest waits in the log for the next poll.
            if (!isFinished() && events.size() < maxEvents) {
                if (frame instanceof Frame.Event event) {
                    events.add(event.json());
                    cursor = event.seq();
                    unread = event.committed().unread();
                } else if (frame instanceof Frame.Reset reset) {
                    events.add(reset.json());
                    cursor = reset.seq();
                }
            }
        }
        done.accept(null);
    }

    /** Everything queued has been collected: answer with it (frames queued together share one answer). */
    @Override
    public void drained() {
        synchronized (this) {
            if (events.isEmpty()) {
                return;
            }
        }
        answer();
    }

    @Override
    public boolean wantsHeartbeats() {
        return false;
    }

    /** However the hub ends it (too slow, token expired, server stopping), a long poll answers with what it has. */
    @Override
    public void close(Ending reason) {
        answer();
    }

    /** The server is stopping: answers with what it has, plus {@code retry}, the client's delay before its next poll. */
    @Override
    public void goAway(long reconnectMillis) {
        synchronized (this) {
            retryMillis = reconnectMillis;
        }
        answer();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        answer();
    }

    /** Answers with what has been collected, once; safe from any thread. */
    private void answer() {
        String body;
        synchronized (this) {
            if (isFinished()) {
                return;
            }
            JsonObjectBuilder fields = WireFormat.JSON.createObjectBuilder()
                    .add("cursor", cursor)
                    .add("unread", Math.max(unread, 0));
            if (retryMillis >= 0) {
                fields.add("retry", retryMillis);
            }
            body = WireFormat.page(events, fields.build());
        }
        if (!finish(Ending.FINISHED)) {
            return;
        }
        try {
            HttpServletResponse response = (HttpServletResponse) async.getResponse();
            response.setStatus(200);
            response.setContentType("application/json");
            response.setHeader("Cache-Control", "no-store");
            response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "long poll client gone before its answer", e);
        } finally {
            complete();
        }
    }
}
