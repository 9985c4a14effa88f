package dev.tidings.rest;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;
import java.util.stream.Collectors;

/** Bean Validation failures as a 400 listing each offending field and why. */
@Provider
public class ConstraintViolationProblems implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException failure) {
        JsonArrayBuilder errors = Json.createArrayBuilder();
        failure.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> field(v.getPropertyPath())))
                .forEach(v -> errors.add(Json.createObjectBuilder()
                        .add("field", field(v.getPropertyPath()))
                        .add("message", v.getMessage())));
        return Problems.response(400, "the request is invalid", errors.build());
    }

    /** The violations in one line, for answers that are not problem documents (a WebSocket error reply). */
    public static String summary(ConstraintViolationException failure) {
        return failure.getConstraintViolations().stream()
                .map(v -> field(v.getPropertyPath()) + ": " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
    }

    /** {@code recipients[2]} rather than the validator's {@code publish.request.recipients[2].<list element>}. */
    static String field(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
                continue;
            }
            if (node.getKind() == ElementKind.PROPERTY) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }
}
