package dev.tidings.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
    /** While the database is down every write fails alike: one report with its cause a minute is enough. */
    private static final long DATABASE_REPORT_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final AtomicLong NEXT_DATABASE_REPORT = new AtomicLong(System.nanoTime());

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof CompletionException && failure.getCause() != null) {
            return toResponse(failure.getCause()); // an asynchronous answer's failure (a group commit's)
        }
        if (failure instanceof ProblemException problem) {
            return Problems.response(problem.status(), problem.getMessage());
        }
        Optional<Refusal> refusal = Refusal.of(failure);
        if (refusal.isPresent()) {
            if (refusal.get().status() == 503 && Refusal.causedByDatabase(failure)) {
                reportDatabaseFailure(failure);
            }
            return refusal.get().response();
        }
        BodyTooLargeException tooLarge = BodyTooLargeException.findIn(failure);
        if (tooLarge != null) {
            return Problems.response(413, tooLarge.getMessage());
        }
        LOG.log(Level.SEVERE, "unexpected failure", failure);
        return Problems.response(500, "an unexpected error occurred; it has been logged");
    }

    private static void reportDatabaseFailure(Throwable failure) {
        long now = System.nanoTime();
        long next = NEXT_DATABASE_REPORT.get();
        if (now - next >= 0 && NEXT_DATABASE_REPORT.compareAndSet(next, now + DATABASE_REPORT_NANOS)) {
            LOG.log(Level.WARNING, "database unavailable: writes are refused with 503 (said again at most once a minute "
                    + "while it lasts)", failure);
        } else {
            LOG.log(Level.FINE, "database unavailable", failure);
        }
    }
}
