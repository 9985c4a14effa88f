package dev.tidings.transport.longpoll;

import dev.tidings.config.Limits;
import dev.tidings.delivery.Hub;
import dev.tidings.delivery.Subscription;
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
 * Long polling, {@code GET /api/v1/inbox/longpoll?after=N}: answers at once when events after
 * {@code N} exist, else holds the request, with no thread, until one is committed or
 * {@code tidings.longpoll.timeout-seconds} pass (then 200 with no events and the same cursor).
 */
@WebServlet(name = "longpoll", urlPatterns = "/api/v1/inbox/longpoll", asyncSupported = true)
public class LongPollServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    Hub hub;

    @Inject
    Limits limits;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ServletSubscription> asked = ServletSubscription.read(request, response);
        if (asked.isEmpty()) {
            return;
        }
        long after = asked.get().after();
        AsyncContext async = request.startAsync();
        async.setTimeout(limits.longPollTimeoutSeconds() * 1000L);
        LongPollConnection connection = new LongPollConnection(async, after, limits.pollMaxEvents());
        async.addListener(connection);
        try {
            Subscription subscription = hub.subscribe(asked.get().userId(), asked.get().expiresAt(), after, connection);
            connection.opened(subscription);
        } catch (CursorAheadException e) {
            connection.refuse(400, e.getMessage());
        } catch (TooManyConnectionsException e) {
            connection.refuse(429, e.getMessage());
        }
    }
}
