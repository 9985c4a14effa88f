package dev.tidings.transport;

import dev.tidings.delivery.Connection;
import dev.tidings.delivery.Ending;
import dev.tidings.delivery.Subscriber;
import dev.tidings.delivery.Subscription;
import dev.tidings.rest.Refusal;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One asynchronous servlet request as a hub connection, with the life cycle long polling and
 * streaming share: opened (or refused) once, finished once, and whichever way it finishes (the
 * hub ends it, the client goes, the container times out or fails, the start itself fails) its
 * subscriber is ended and the request completed, exactly once each.
 */
public abstract class ServletConnection implements Connection, AsyncListener {

    private static final Logger LOG = Logger.getLogger(ServletConnection.class.getName());

    protected final AsyncContext async;
    private Subscriber subscriber;
    private boolean finished;
    private boolean completed;

    protected ServletConnection(AsyncContext async) {
        this.async = async;
    }

    /**
     * The subscription is in place: remember it first (so any end from here on reaches it), then
     * start the response. A start that fails, e.g. because the client has gone, ends both.
     */
    public final void opened(Subscription subscription) {
        boolean over;
        synchronized (this) {
            subscriber = subscription.subscriber();
            over = finished;
        }
        if (over) {
            subscription.subscriber().end(Ending.FINISHED);
            return;
        }
        try {
            start(subscription);
        } catch (IOException | RuntimeException failure) {
            LOG.log(Level.FINE, "client gone before its live connection started", failure);
            finish(Ending.CLIENT_GONE);
            complete();
        }
    }

    /** Starts the response once subscribed: headers, or what the transport needs to know. */
    protected abstract void start(Subscription subscription) throws IOException;

    /** Answers with {@code refusal} instead of opening; nothing was written before. */
    public final void refuse(Refusal refusal) {
        synchronized (this) {
            finished = true;
        }
        try {
            refusal.write((HttpServletResponse) async.getResponse());
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "client gone before its refusal", e);
        } finally {
            complete();
        }
    }

    /**
     * Marks this connection finished and ends its subscriber (if it has one yet) for
     * {@code reason}; returns false if it had finished already. Does not complete the request.
     */
    protected final boolean finish(Ending reason) {
        Subscriber toEnd;
        synchronized (this) {
            if (finished) {
                return false;
            }
            finished = true;
            toEnd = subscriber;
        }
        if (toEnd != null) {
            toEnd.end(reason);
        }
        return true;
    }

    protected final synchronized boolean isFinished() {
        return finished;
    }

    /** Completes the request, once; the container may have completed it already. */
    protected final void complete() {
        synchronized (this) {
            if (completed) {
                return;
            }
            completed = true;
        }
        try {
            async.complete();
        } catch (IllegalStateException alreadyDone) {
            // The container completed it first (client gone, or a timeout raced this).
        }
    }

    @Override
    public void close(Ending reason) {
        finish(reason);
        complete();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        finish(Ending.FINISHED);
        complete();
    }

    @Override
    public void onError(AsyncEvent event) {
        finish(Ending.CLIENT_GONE);
        complete();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        synchronized (this) {
            completed = true;
        }
        finish(Ending.CLIENT_GONE);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // One asynchronous cycle per request: nothing to re-arm.
    }
}
