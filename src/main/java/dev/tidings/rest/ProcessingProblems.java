package dev.tidings.rest;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A body that could not be bound: malformed JSON, or a value of the wrong shape (a string where
 * a list belongs). The runtime wraps these in one of three exception types; all mean 400.
 */
public final class ProcessingProblems {

    private static final String DETAIL = "the body is not JSON of the documented shape";

    private ProcessingProblems() {
    }

    static Response toResponse(Throwable failure) {
        BodyTooLargeException tooLarge = BodyTooLargeException.findIn(failure);
        if (tooLarge != null) {
            return Problems.response(413, tooLarge.getMessage());
        }
        return Problems.response(400, DETAIL);
    }

    /** Raised by the JAX-RS runtime around a failed read. */
    @Provider
    public static class Processing implements ExceptionMapper<ProcessingException> {
        @Override
        public Response toResponse(ProcessingException failure) {
            return ProcessingProblems.toResponse(failure);
        }
    }

    /** Raised by JSON-B for malformed JSON or a mismatched shape. */
    @Provider
    public static class Binding implements ExceptionMapper<JsonbException> {
        @Override
        public Response toResponse(JsonbException failure) {
            return ProcessingProblems.toResponse(failure);
        }
    }

    /** Raised by JSON-P when a body read as a JSON value is malformed. */
    @Provider
    public static class Parsing implements ExceptionMapper<JsonException> {
        @Override
        public Response toResponse(JsonException failure) {
            return ProcessingProblems.toResponse(failure);
        }
    }
}
