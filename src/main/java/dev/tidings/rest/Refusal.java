package dev.tidings.rest;

import jakarta.persistence.PersistenceException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A request refused for a reason the client can act on, as every transport says it: the HTTP
 * status of a problem response, {@code Retry-After} where waiting helps, and the WebSocket close
 * code. The one table from refusal to answer: the REST API, the servlet transports, SSE and
 * WebSocket all use it.
 *
 * @param retryAfterSeconds seconds to wait before retrying; 0 when retrying unchanged will not help
 */
public record Refusal(int status, int closeCode, String detail, long retryAfterSeconds) {

    /** WebSocket close codes of the refusals; 1013 is the protocol's own "try again later". */
    public static final int CLOSE_BAD_REQUEST = 4400;
    public static final int CLOSE_UNAUTHORIZED = 4401;
    public static final int CLOSE_TOO_MANY = 4429;
    public static final int CLOSE_TRY_AGAIN_LATER = 1013;
    /** The protocol's "going away": the server is stopping. */
    public static final int CLOSE_GOING_AWAY = 1001;

    /** Seconds a client is told to wait when the database is unavailable. */
    static final long DATABASE_RETRY_AFTER_SECONDS = 5;

    /** No valid token: the client needs a fresh one. */
    public static Refusal unauthorized() {
        return new Refusal(401, CLOSE_UNAUTHORIZED, "present a valid bearer token", 0);
    }

    /** The refusal {@code failure} stands for, if it is one. */
    public static Optional<Refusal> of(Throwable failure) {
        if (failure instanceof RefusedException refused) {
            return Optional.of(new Refusal(refused.status(), refused.closeCode(), refused.getMessage(), refused.retryAfterSeconds()));
        }
        if (causedByDatabase(failure)) {
            return Optional.of(new Refusal(503, CLOSE_TRY_AGAIN_LATER, "the database is unavailable; retry later",
                    DATABASE_RETRY_AFTER_SECONDS));
        }
        return Optional.empty();
    }

    /** This refusal as a JAX-RS problem response. */
    public Response response() {
        Response.ResponseBuilder response = Response.fromResponse(Problems.response(status, detail));
        if (retryAfterSeconds > 0) {
            response.header("Retry-After", retryAfterSeconds);
        }
        return response.build();
    }

    /** Writes this refusal as a problem response from a servlet or filter, before anything else was written. */
    public void write(HttpServletResponse response) throws IOException {
        if (retryAfterSeconds > 0) {
            response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        Problems.write(response, status, detail);
    }

    /** Whether a database failure is among the causes of {@code failure}. */
    static boolean causedByDatabase(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException || t instanceof PersistenceException) {
                return true;
            }
        }
        return false;
    }
}
