package dev.tidings.rest;

import dev.tidings.delivery.TooManyConnectionsException;
import dev.tidings.security.RateLimitedException;
import dev.tidings.inbox.CursorAheadException;
import dev.tidings.inbox.InvalidParameterException;
import dev.tidings.inbox.NotificationNotFoundException;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every exception the API did not otherwise map into a problem response: the domain's
 * own refusals keep their meaning, a database failure is 503, anything else is 500 with the
 * stack trace in the server log only.
 */
@Provider
public class ExceptionProblems implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ExceptionProblems.class.getName());
    static final String RETRY_AFTER_SECONDS = "5";

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof ProblemException problem) {
            return Problems.response(problem.status(), problem.getMessage());
        }
        if (failure instanceof NotificationNotFoundException) {
            return Problems.response(404, failure.getMessage());
        }
        if (failure instanceof CursorAheadException || failure instanceof InvalidParameterException) {
            return Problems.response(400, failure.getMessage());
        }
        if (failure instanceof RateLimitedException limited) {
            return Response.fromResponse(Problems.response(429, failure.getMessage()))
                    .header("Retry-After", limited.retryAfterSeconds()).build();
        }
        if (failure instanceof TooManyConnectionsException) {
            return Response.fromResponse(Problems.response(429, failure.getMessage()))
                    .header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
        BodyTooLargeException tooLarge = BodyTooLargeException.findIn(failure);
        if (tooLarge != null) {
            return Problems.response(413, tooLarge.getMessage());
        }
        if (causedByDatabase(failure)) {
            LOG.log(Level.WARNING, "database unavailable", failure);
            return Response.fromResponse(Problems.response(503, "the database is unavailable; retry later"))
                    .header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
        LOG.log(Level.SEVERE, "unexpected failure", failure);
        return Problems.response(500, "an unexpected error occurred; it has been logged");
    }

    private static boolean causedByDatabase(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException || t instanceof PersistenceException) {
                return true;
            }
        }
        return false;
    }
}
