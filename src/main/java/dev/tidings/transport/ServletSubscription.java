package dev.tidings.transport;

import dev.tidings.inbox.Cursors;
import dev.tidings.inbox.InvalidParameterException;
import dev.tidings.rest.Refusal;
import dev.tidings.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/** What the servlet transports (long polling, streaming) read first: who is asking, from which cursor. */
public record ServletSubscription(String userId, Instant expiresAt, long after) {

    /**
     * The caller's user id and {@code after} cursor; when either is missing or invalid, the
     * problem response is written and the result is empty.
     */
    public static Optional<ServletSubscription> read(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Optional<Caller.LiveIdentity> identity = Caller.liveIdentityOf(request.getUserPrincipal());
        if (identity.isEmpty()) {
            Refusal.unauthorized().write(response);
            return Optional.empty();
        }
        try {
            long after = Cursors.parseAfter(request.getParameter("after"));
            return Optional.of(new ServletSubscription(identity.get().userId(), identity.get().expiresAt(), after));
        } catch (InvalidParameterException e) {
            Refusal.of(e).orElseThrow().write(response);
            return Optional.empty();
        }
    }
}
