package dev.tidings.transport.stream;

import dev.tidings.delivery.Hub;
import dev.tidings.delivery.TooManyConnectionsException;
import dev.tidings.inbox.CursorAheadException;
import dev.tidings.transport.ServletSubscription;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * HTTP streaming, {@code GET /api/v1/inbox/stream?after=N}: one chunked response that stays
 * open, one JSON event per line (NDJSON), missed events first, then each new one as it is
 * committed, with heartbeat lines when idle. Writes are non-blocking ({@code WriteListener}).
 */
@WebServlet(name = "stream", urlPatterns = "/api/v1/inbox/stream", asyncSupported = true)
public class StreamServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String NDJSON = "application/x-ndjson";

    @Inject
    Hub hub;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ServletSubscription> asked = ServletSubscription.read(request, response);
        if (asked.isEmpty()) {
            return;
        }
        long after = asked.get().after();
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        StreamConnection connection = new StreamConnection(async);
        async.addListener(connection);
        try {
            connection.opened(hub.subscribe(asked.get().userId(), asked.get().expiresAt(), after, connection));
        } catch (CursorAheadException e) {
            connection.refuse(400, e.getMessage());
        } catch (TooManyConnectionsException e) {
            connection.refuse(429, e.getMessage());
        }
    }
}
