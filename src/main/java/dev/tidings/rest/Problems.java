package dev.tidings.rest;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** RFC 9457 problem details: the one shape every error of the API has. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The challenge of every 401: the only credential Tidings takes is a bearer token. */
    public static final String BEARER_CHALLENGE = "Bearer realm=\"tidings\"";

    private Problems() {
    }

    public static JsonObject body(int status, String detail, JsonArray errors) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("type", "about:blank")
                .add("title", reason(status))
                .add("status", status);
        if (detail != null) {
            json.add("detail", detail);
        }
        if (errors != null) {
            json.add("errors", errors);
        }
        return json.build();
    }

    public static Response response(int status, String detail) {
        return response(status, detail, null);
    }

    public static Response response(int status, String detail, JsonArray errors) {
        return Response.status(status).type(MEDIA_TYPE).entity(body(status, detail, errors).toString()).build();
    }

    /**
     * Writes a problem response from a servlet (the servlet transports, filters, error pages); a
     * 401 carries the bearer challenge (without a token Liberty would have challenged for Basic).
     */
    public static void write(HttpServletResponse response, int status, String detail) throws IOException {
        if (status == 401) {
            response.setHeader("WWW-Authenticate", BEARER_CHALLENGE);
        }
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(body(status, detail, null).toString());
    }

    static String reason(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return status == 413 ? "Content Too Large" : status == 422 ? "Unprocessable Content" : "Error " + status;
    }
}
