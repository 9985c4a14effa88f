package dev.tidings.transport.longpoll;

import dev.tidings.config.Limits;
import dev.tidings.transport.ServletConnection;
import dev.tidings.transport.ServletTransport;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;

/**
 * Long polling, {@code GET /api/v1/inbox/longpoll?after=N}: answers at once when events after
 * {@code N} exist, else holds the request, with no thread, until one is committed or
 * {@code tidings.longpoll.timeout-seconds} pass (then 200 with no events and the same cursor).
 */
@WebServlet(name = "longpoll", urlPatterns = "/api/v1/inbox/longpoll", asyncSupported = true)
public class LongPollServlet extends ServletTransport {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Limits limits;

    @Override
    protected ServletConnection connection(AsyncContext async, long after) {
        return new LongPollConnection(async, after, limits.pollMaxEvents());
    }

    @Override
    protected long timeoutMillis() {
        return limits.longPollTimeoutSeconds() * 1000L;
    }
}
