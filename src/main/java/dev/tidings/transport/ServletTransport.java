package dev.tidings.transport;

import dev.tidings.delivery.Hub;
import dev.tidings.delivery.Subscription;
import dev.tidings.rest.Refusal;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the servlet transports (long polling, streaming) share: read who asks from which cursor,
 * go asynchronous (no thread held), subscribe, then either start the connection or refuse it
 * with the one mapping every transport uses ({@link Refusal}). The connection completes once.
 */
public abstract class ServletTransport extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ServletTransport.class.getName());

    @Inject
    transient Hub hub;

    /** A connection for this request, reading from {@code after}. */
    protected abstract ServletConnection connection(AsyncContext async, long after);

    /** How long the request may stay open, in milliseconds; 0 for as long as the client stays. */
    protected abstract long timeoutMillis();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ServletSubscription> asked = ServletSubscription.read(request, response);
        if (asked.isEmpty()) {
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(timeoutMillis());
        ServletConnection connection = connection(async, asked.get().after());
        async.addListener(connection);
        Subscription subscription;
        try {
            subscription = hub.subscribe(asked.get().userId(), asked.get().expiresAt(), asked.get().after(), connection);
        } catch (RuntimeException failure) {
            Optional<Refusal> refusal = Refusal.of(failure);
            if (refusal.isEmpty()) {
                LOG.log(Level.SEVERE, "unexpected failure opening a live connection", failure);
            }
            connection.refuse(refusal.orElseGet(() -> new Refusal(500, 1011, "an unexpected error occurred; it has been logged", 0)));
            return;
        }
        connection.opened(subscription);
    }
}
