package dev.tidings.transport.stream;

import dev.tidings.delivery.Connection;
import dev.tidings.delivery.Ending;
import dev.tidings.delivery.Frame;
import dev.tidings.delivery.Subscriber;
import dev.tidings.delivery.Subscription;
import dev.tidings.rest.Problems;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open NDJSON stream. Frames written before the response starts wait until it does; a
 * frame the socket cannot take at once completes when the container says it can
 * ({@link #onWritePossible()}), so a slow reader fills its bounded queue and is then ended.
 * On Liberty a write that finds the socket full can still block its (hub executor) thread,
 * for at most the HTTP write timeout ({@code http.write-timeout}); a publisher never waits.
 */
final class StreamConnection implements Connection, WriteListener, AsyncListener {

    private static final Logger LOG = Logger.getLogger(StreamConnection.class.getName());

    private final AsyncContext async;
    private ServletOutputStream out;
    private Subscriber subscriber;
    private byte[] pendingBytes;
    private Consumer<Throwable> pendingDone;
    private boolean closed;

    StreamConnection(AsyncContext async) {
        this.async = async;
    }

    /** Starts the response (status, headers) and lets queued frames flow. */
    void opened(Subscription subscription) throws IOException {
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        response.setStatus(200);
        response.setContentType(StreamServlet.NDJSON);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        // The stream is the whole life of this TCP connection: when it ends, so does the socket.
        response.setHeader("Connection", "close");
        // No response buffer: each line goes to the network as it is written, without flush().
        response.setBufferSize(0);
        response.flushBuffer();
        synchronized (this) {
            subscriber = subscription.subscriber();
            out = response.getOutputStream();
        }
        out.setWriteListener(this);
    }

    void refuse(int status, String detail) {
        synchronized (this) {
            closed = true;
        }
        try {
            Problems.write((HttpServletResponse) async.getResponse(), status, detail);
        } catch (IOException e) {
            LOG.log(Level.FINE, "client gone before its refusal", e);
        }
        async.complete();
    }

    @Override
    public void write(Frame frame, Consumer<Throwable> done) {
        byte[] line = (frame.json() + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            pendingBytes = line;
            pendingDone = done;
            if (out == null || !out.isReady()) {
                return;
            }
        }
        onWritePossible();
    }

    @Override
    public void onWritePossible() {
        Consumer<Throwable> done;
        synchronized (this) {
            try {
                if (closed) {
                    return;
                }
                if (pendingBytes != null && out.isReady()) {
                    out.write(pendingBytes);
                    pendingBytes = null;
                }
                if (pendingBytes != null || pendingDone == null || !out.isReady()) {
                    return;
                }
            } catch (IOException e) {
                done = pendingDone;
                pendingDone = null;
                if (done != null) {
                    done.accept(e);
                }
                return;
            }
            done = pendingDone;
            pendingDone = null;
        }
        done.accept(null);
    }

    @Override
    public void onError(Throwable failure) {
        Subscriber toEnd;
        synchronized (this) {
            toEnd = subscriber;
        }
        if (toEnd != null) {
            toEnd.end(Ending.CLIENT_GONE);
        }
    }

    @Override
    public void close(Ending reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            async.complete();
        } catch (IllegalStateException alreadyDone) {
            // The container ended it first (client gone).
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        endSubscriber();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        endSubscriber();
    }

    @Override
    public void onError(AsyncEvent event) {
        endSubscriber();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // One async cycle per request.
    }

    private void endSubscriber() {
        Subscriber toEnd;
        synchronized (this) {
            closed = true;
            toEnd = subscriber;
        }
        if (toEnd != null) {
            toEnd.end(Ending.CLIENT_GONE);
        }
    }
}
