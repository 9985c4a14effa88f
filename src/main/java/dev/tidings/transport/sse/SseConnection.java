package dev.tidings.transport.sse;

import dev.tidings.delivery.Connection;
import dev.tidings.delivery.Ending;
import dev.tidings.delivery.Transport;
import dev.tidings.delivery.Frame;
import dev.tidings.inbox.WireFormat;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One SSE stream: {@code id: <seq>}, {@code event: <kind>}, {@code data: <json>}; a reset is
 * {@code event: reset}; a heartbeat is a comment. It opens with a {@code connected} event that
 * carries {@code retry:} (a comment alone would not: JAX-RS drops {@code retry:} there), the
 * cursor the server resumes from, and every event name the stream may carry, so that a client
 * (EventSource delivers named events only to listeners of that name) listens for all of them.
 * When the server stops, the stream ends with a {@code stopping} event whose {@code retry:} is
 * the client's own delay: EventSource reconnects after it by itself.
 */
final class SseConnection implements Connection {

    @Override
    public Transport transport() {
        return Transport.SSE;
    }

    /** The greeting's event name: not {@code open}, which is EventSource's own event. */
    static final String CONNECTED = "connected";
    /** The farewell's event name, when the server stops. */
    static final String STOPPING = "stopping";

    private final SseEventSink sink;
    private final Sse sse;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private CompletionStage<?> previous;

    /** Nothing is sent before {@link #start()}: until then the request can still be refused with a problem. */
    SseConnection(SseEventSink sink, Sse sse, long retryMillis, long cursor) {
        this.sink = sink;
        this.sse = sse;
        OutboundSseEvent open = sse.newEventBuilder()
                .name(CONNECTED)
                .reconnectDelay(retryMillis)
                .data(String.class, WireFormat.connected(cursor).toString())
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .build();
        this.previous = started.thenCompose(ignored -> sink.send(open));
    }

    /** The subscription is in place: open the stream and let queued frames follow. */
    void start() {
        started.complete(null);
    }

    @Override
    public void write(Frame frame, Consumer<Throwable> done) {
        OutboundSseEvent event = event(frame);
        CompletionStage<?> sent;
        synchronized (this) {
            sent = previous.thenCompose(ignored -> sink.isClosed()
                    ? CompletableFuture.failedFuture(new IllegalStateException("SSE sink closed"))
                    : sink.send(event));
            previous = sent;
        }
        sent.whenComplete((ignored, failure) -> done.accept(failure));
    }

    @Override
    public void close(Ending reason) {
        sink.close();
    }

    /** After whatever is being sent: the {@code stopping} event with the client's {@code retry:}, then the end. */
    @Override
    public void goAway(long reconnectMillis) {
        OutboundSseEvent farewell = sse.newEventBuilder()
                .name(STOPPING)
                .reconnectDelay(reconnectMillis)
                .data(String.class, WireFormat.stopping(reconnectMillis))
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .build();
        CompletionStage<?> last;
        synchronized (this) {
            last = previous.thenCompose(ignored -> sink.isClosed() ? CompletableFuture.completedFuture(null) : sink.send(farewell));
            previous = last;
        }
        last.whenComplete((ignored, failure) -> sink.close());
    }

    private OutboundSseEvent event(Frame frame) {
        if (frame instanceof Frame.Event event) {
            return sse.newEventBuilder()
                    .id(Long.toString(event.seq()))
                    .name(event.committed().kind())
                    .data(String.class, event.json())
                    .mediaType(MediaType.TEXT_PLAIN_TYPE)
                    .build();
        }
        if (frame instanceof Frame.Reset reset) {
            return sse.newEventBuilder()
                    .id(Long.toString(reset.seq()))
                    .name("reset")
                    .data(String.class, reset.json())
                    .mediaType(MediaType.TEXT_PLAIN_TYPE)
                    .build();
        }
        return sse.newEventBuilder().comment("heartbeat").build();
    }
}
