package dev.tidings.transport.longpoll;

import dev.tidings.delivery.Connection;
import dev.tidings.delivery.Ending;
import dev.tidings.delivery.Frame;
import dev.tidings.delivery.Subscriber;
import dev.tidings.delivery.Subscription;
import dev.tidings.inbox.WireFormat;
import dev.tidings.rest.Problems;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
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
final class LongPollConnection implements Connection, AsyncListener {

    private static final Logger LOG = Logger.getLogger(LongPollConnection.class.getName());

    private final AsyncContext async;
    private final int maxEvents;
    private final List<JsonObject> events = new ArrayList<>();
    private long cursor;
    private long unread = -1;
    private Subscriber subscriber;
    private boolean answered;

    LongPollConnection(AsyncContext async, long after, int maxEvents) {
        this.async = async;
        this.maxEvents = maxEvents;
        this.cursor = after;
    }

    synchronized void opened(Subscription subscription) {
        subscriber = subscription.subscriber();
        if (unread < 0) {
            unread = subscription.unreadAtOpen();
        }
        if (answered) {
            subscriber.end(Ending.FINISHED);
        }
    }

    @Override
    public void write(Frame frame, Consumer<Throwable> done) {
        synchronized (this) {
            // Beyond maxEvents the answer is full: the rest waits in the log for the next poll.
            if (!answered && events.size() < maxEvents) {
                if (frame instanceof Frame.Event event) {
                    JsonObject json = WireFormat.parse(event.json());
                    events.add(json);
                    cursor = event.seq();
                    unread = json.getJsonNumber("unread").longValue();
                } else if (frame instanceof Frame.Reset reset) {
                    events.add(WireFormat.reset(reset.seq()));
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
            if (answered || events.isEmpty()) {
                return;
            }
        }
        answer();
    }

    @Override
    public boolean wantsHeartbeats() {
        return false;
    }

    @Override
    public void close(Ending reason) {
        if (reason != Ending.FINISHED) {
            answer();
        }
    }

    /** Answers with what has been collected, once; safe from any thread. */
    void answer() {
        JsonObject body;
        Subscriber toEnd;
        synchronized (this) {
            if (answered) {
                return;
            }
            answered = true;
            JsonArrayBuilder array = Json.createArrayBuilder();
            events.forEach(array::add);
            body = Json.createObjectBuilder()
                    .add("events", array)
                    .add("cursor", cursor)
                    .add("unread", Math.max(unread, 0))
                    .build();
            toEnd = subscriber;
        }
        if (toEnd != null) {
            toEnd.end(Ending.FINISHED);
        }
        try {
            HttpServletResponse response = (HttpServletResponse) async.getResponse();
            response.setStatus(200);
            response.setContentType("application/json");
            response.setHeader("Cache-Control", "no-store");
            response.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "long poll client gone before its answer", e);
        } finally {
            complete();
        }
    }

    /** Refuses the request (bad cursor, too many connections) before anything was written. */
    void refuse(int status, String detail) {
        synchronized (this) {
            answered = true;
        }
        try {
            Problems.write((HttpServletResponse) async.getResponse(), status, detail);
        } catch (IOException e) {
            LOG.log(Level.FINE, "client gone before its refusal", e);
        } finally {
            complete();
        }
    }

    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyDone) {
            // The container completed it already (client gone, or timeout raced the answer).
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        answer();
    }

    @Override
    public void onError(AsyncEvent event) {
        ended();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        ended();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // One async cycle per request: nothing to re-arm.
    }

    private void ended() {
        Subscriber toEnd;
        synchronized (this) {
            answered = true;
            toEnd = subscriber;
        }
        if (toEnd != null) {
            toEnd.end(Ending.FINISHED);
        }
    }
}
