package dev.tidings.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * JAX-RS's own refusals (unknown path, wrong method or media type, unreadable body) as problem
 * responses. Their messages are the runtime's, so only our own wording is passed on.
 */
@Provider
public class WebApplicationProblems implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException failure) {
        BodyTooLargeException tooLarge = BodyTooLargeException.findIn(failure);
        if (tooLarge != null) {
            return Problems.response(413, tooLarge.getMessage());
        }
        Response original = failure.getResponse();
        int status = original.getStatus();
        Response.ResponseBuilder problem = Response.fromResponse(Problems.response(status, detail(failure, status)));
        // Keep the headers that tell a client what to do next (WWW-Authenticate, Allow, Retry-After).
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> problem.header(name, value));
            }
        });
        return problem.build();
    }

    private static String detail(WebApplicationException failure, int status) {
        String message = failure.getMessage();
        boolean ours = message != null && !message.startsWith("HTTP ") && !message.startsWith("RESTEASY");
        if (ours) {
            return message;
        }
        return switch (status) {
            case 400 -> "the request could not be read; send JSON of the documented shape";
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed here";
            case 406 -> "this resource cannot produce the requested media type";
            case 415 -> "send the body as application/json";
            default -> null;
        };
    }
}
