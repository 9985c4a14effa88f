package dev.tidings.transport.stream;

import dev.tidings.delivery.Ending;
import dev.tidings.delivery.Transport;
import dev.tidings.delivery.Frame;
import dev.tidings.delivery.Subscription;
import dev.tidings.inbox.WireFormat;
import dev.tidings.transport.ServletConnection;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One open NDJSON stream. Frames written before the response starts wait until it does; a
 * frame the socket cannot take at once completes when the container says it can
 * ({@link #onWritePossible()}), so a slow reader fills its bounded queue and is then ended.
 * On Liberty a write that finds the socket full can still block its (hub executor) thread,
 * for at most the HTTP write timeout ({@code http.write-timeout}); a publisher never waits.
 */
final class StreamConnection extends ServletConnection implements WriteListener {

    @Override
    public Transport transport() {
        return Transport.STREAM;
    }

    private ServletOutputStream out;
    private byte[] pendingBytes;
    private Consumer<Throwable> pendingDone;

    StreamConnection(AsyncContext async) {
        super(async);
    }

    /** Starts the response (status, headers) and lets queued frames flow. */
    @Override
    protected void start(Subscription subscription) throws IOException {
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
        ServletOutputStream stream = response.getOutputStream();
        synchronized (this) {
            out = stream;
        }
        stream.setWriteListener(this);
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
                if (isFinished() || out == null) {
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

    /**
     * The last line tells the client when to come back ({@code {"kind":"stopping","retry":…}}),
     * if the socket takes it at once and no frame is half written (the goodbye waits for no one);
     * then the stream ends. A stream stopped before it started just ends.
     */
    @Override
    public void goAway(long reconnectMillis) {
        byte[] line = (WireFormat.stopping(reconnectMillis) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                if (!isFinished() && out != null && pendingBytes == null && out.isReady()) {
                    out.write(line);
                }
            } catch (IOException | IllegalStateException clientGone) {
                // Nobody left to tell.
            }
        }
        finish(Ending.SERVER_STOPPING);
        complete();
    }

    @Override
    public void onError(Throwable failure) {
        finish(Ending.CLIENT_GONE);
        complete();
    }
}
