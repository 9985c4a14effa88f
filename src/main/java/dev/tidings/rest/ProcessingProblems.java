package dev.tidings.rest;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A body that JSON-B could not bind: malformed JSON, or a value of the wrong shape (e.g. a string for a list). */
@Provider
public class ProcessingProblems implements ExceptionMapper<ProcessingException> {

    @Override
    public Response toResponse(ProcessingException failure) {
        BodyTooLargeException tooLarge = BodyTooLargeException.findIn(failure);
        if (tooLarge != null) {
            return Problems.response(413, tooLarge.getMessage());
        }
        return Problems.response(400, "the body is not JSON of the documented shape");
    }
}
