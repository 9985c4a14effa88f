package dev.tidings.transport.stream;

import dev.tidings.transport.ServletConnection;
import dev.tidings.transport.ServletTransport;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;

/**
 * HTTP streaming, {@code GET /api/v1/inbox/stream?after=N}: one chunked response that stays
 * open, one JSON event per line (NDJSON), missed events first, then each new one as it is
 * committed, with heartbeat lines when idle. Writes are non-blocking ({@code WriteListener}).
 */
@WebServlet(name = "stream", urlPatterns = "/api/v1/inbox/stream", asyncSupported = true)
public class StreamServlet extends ServletTransport {

    private static final long serialVersionUID = 1L;
    static final String NDJSON = "application/x-ndjson";

    @Override
    protected ServletConnection connection(AsyncContext async, long after) {
        return new StreamConnection(async);
    }

    @Override
    protected long timeoutMillis() {
        return 0;
    }
}
