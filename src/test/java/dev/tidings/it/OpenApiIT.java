package dev.tidings.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.ServedRoutes.Kind;
import dev.tidings.it.ServedRoutes.Route;
import dev.tidings.rest.RestApplication;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document served at {@code /openapi} against the routes the application actually
 * serves, read from its compiled classes and its deployment descriptor ({@link ServedRoutes}), not
 * from a list: every served route and method is documented and every documented one is served;
 * every operation has a summary, its path (and JAX-RS query and header) parameters, a success
 * answer with an example, the request body it reads with an example, and the error answers that
 * apply (401 where a token is required, 403 where a role is, 400 where it takes parameters or a
 * body, 413 and 415 where it reads a body, 503 for writes and 429 for rate-limited ones), each as
 * {@code application/problem+json} with the shared Problem schema and {@code Retry-After} on 429
 * and 503. A resource method added without documentation fails here.
 */
class OpenApiIT extends AgainstTidings {

    static final Path SERVER = Path.of(System.getProperty("tidings.server.dir", "target/liberty/wlp/usr/servers/tidings-it"));
    private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final String PROBLEM = "application/problem+json";

    JsonObject document;
    ServedRoutes served;

    @BeforeEach
    void fetch() throws Exception {
        Api.Reply reply = api.send(api.request("openapi", null).header("Accept", "application/json").GET());
        reply.expect(200);
        assertTrue(reply.header("Content-Type").startsWith("application/json"), "JSON asked for: " + reply.header("Content-Type"));
        document = reply.json();
        served = ServedRoutes.of(RestApplication.class,
                Deployments.tidings().get("/WEB-INF/web.xml").getAsset().openStream());
    }

    @Test
    void theRoutesAreReadFromTheClasses() {
        assertEquals(List.of(), served.unreadable, "routes this check cannot read");
        // The check is only as good as the scan: it must see every kind of route there is.
        assertTrue(served.count(Kind.JAX_RS) >= 9, "JAX-RS resource methods found: " + served.routes);
        assertTrue(served.count(Kind.SERVLET) >= 2, "servlets found: " + served.routes);
        assertEquals(1, served.count(Kind.WEBSOCKET), "WebSocket endpoints found: " + served.routes);
        assertTrue(served.routes.stream().anyMatch(r -> r.authenticated() && r.roleRestricted()), "the publisher routes need a role");
        assertTrue(served.routes.stream().anyMatch(r -> !r.authenticated()), "the demo token route is open");
    }

    @Test
    void everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed() {
        Set<String> servedKeys = new TreeSet<>();
        served.routes.forEach(r -> servedKeys.add(r.key()));
        Set<String> documented = new TreeSet<>();
        document.getJsonObject("paths").forEach((path, item) -> item.asJsonObject().keySet().stream()
                .filter(OPERATIONS::contains)
                .forEach(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path)));

        List<String> mismatches = new ArrayList<>();
        servedKeys.stream().filter(route -> !documented.contains(route)).forEach(route -> mismatches.add("served but not in /openapi: " + route));
        documented.stream().filter(route -> !servedKeys.contains(route)).forEach(route -> mismatches.add("in /openapi but not served: " + route));
        assertEquals(List.of(), mismatches);
    }

    @Test
    void everyOperationIsCompletelyDocumented() {
        List<String> problems = new ArrayList<>();
        for (Route route : served.routes) {
            JsonObject item = document.getJsonObject("paths").getJsonObject(route.path());
            JsonObject operation = item == null ? null : item.getJsonObject(route.method().toLowerCase(Locale.ROOT));
            if (operation == null) {
                continue; // reported by everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed
            }
            check(route, item, operation, problems);
        }
        assertEquals(List.of(), problems, "incomplete operations in /openapi");
    }

    @Test
    void everyReferenceResolves() {
        List<String> broken = new ArrayList<>();
        references(document, broken);
        assertEquals(List.of(), broken, "$refs that point nowhere");
    }

    @Test
    void theTokenIsABearerJwtOrTheAccessTokenCookie() {
        JsonObject schemes = document.getJsonObject("components").getJsonObject("securitySchemes");
        String bearer = null;
        String cookie = null;
        for (String name : schemes.keySet()) {
            JsonObject scheme = schemes.getJsonObject(name);
            if (scheme.getString("type").equals("http") && scheme.getString("scheme").equalsIgnoreCase("bearer")
                    && scheme.getString("bearerFormat", "").equals("JWT")) {
                bearer = name;
            }
            if (scheme.getString("type").equals("apiKey") && scheme.getString("in").equals("cookie")
                    && scheme.getString("name").equals("access_token")) {
                cookie = name;
            }
        }
        assertTrue(bearer != null, "a bearer JWT scheme: " + schemes);
        assertTrue(cookie != null, "an access_token cookie scheme: " + schemes);
        Set<Set<String>> alternatives = new java.util.HashSet<>();
        document.getJsonArray("security").forEach(requirement -> alternatives.add(requirement.asJsonObject().keySet()));
        assertEquals(Set.of(Set.of(bearer), Set.of(cookie)), alternatives, "either one, by default");
    }

    @Test
    void theServerFoundTheDocumentValid() throws Exception {
        Path log = SERVER.resolve("logs/messages.log");
        assertTrue(Files.exists(log), log + " exists");
        // CWWKO1650E: Liberty validated the merged document and found errors (warnings are CWWKO1651W).
        List<String> errors = Files.readAllLines(log).stream().filter(l -> l.contains("CWWKO1650E")).toList();
        assertEquals(List.of(), errors, "OpenAPI validation errors in " + log);
    }

    private void check(Route route, JsonObject item, JsonObject operation, List<String> problems) {
        String at = route.key() + " (" + route.source() + "): ";
        if (operation.getString("summary", "").isBlank()) {
            problems.add(at + "no summary");
        }

        Set<String> parameters = new TreeSet<>();
        for (JsonObject owner : List.of(item, operation)) { // a path item's parameters apply to each of its operations
            if (owner.containsKey("parameters")) {
                for (JsonValue parameter : owner.getJsonArray("parameters")) {
                    JsonObject p = resolve(parameter).asJsonObject();
                    parameters.add(p.getString("in") + ":" + p.getString("name"));
                    if (p.getString("in").equals("path") && !p.getBoolean("required", false)) {
                        problems.add(at + "path parameter " + p.getString("name") + " is not required");
                    }
                }
            }
        }
        for (String name : route.pathParams()) {
            if (!parameters.contains("path:" + name)) {
                problems.add(at + "path parameter " + name + " is not documented");
            }
        }
        for (String parameter : route.parameters()) {
            if (!parameters.contains(parameter)) {
                problems.add(at + "parameter " + parameter + " is not documented");
            }
        }

        JsonObject body = operation.containsKey("requestBody") ? resolve(operation.get("requestBody")).asJsonObject() : null;
        if (route.readsBody() && (body == null || !body.containsKey("content"))) {
            problems.add(at + "reads a request body that is not documented");
        }
        if (body != null) {
            JsonObject content = body.getJsonObject("content");
            if (content == null || content.isEmpty()) {
                problems.add(at + "request body without content");
            } else {
                content.forEach((type, media) -> {
                    if (!hasExample(media.asJsonObject())) {
                        problems.add(at + "request body " + type + " has no example");
                    }
                });
            }
        }

        JsonObject responses = operation.getJsonObject("responses");
        if (responses == null) {
            problems.add(at + "no responses");
            return;
        }
        boolean exampled = false;
        for (String code : responses.keySet()) {
            JsonObject response = resolve(responses.get(code)).asJsonObject();
            if (code.startsWith("2")) {
                JsonObject content = response.getJsonObject("content");
                boolean all = content != null && !content.isEmpty()
                        && content.values().stream().allMatch(media -> hasExample(media.asJsonObject()));
                if (content != null && !all) {
                    problems.add(at + code + " has content without an example");
                }
                exampled |= all;
            }
            if (code.startsWith("4") || code.startsWith("5")) {
                JsonObject content = response.getJsonObject("content");
                // Only the WebSocket container's own refusal of a malformed handshake has no body.
                boolean emptyHandshakeRefusal = route.kind() == Kind.WEBSOCKET && code.equals("400") && content == null;
                if (!emptyHandshakeRefusal && !isProblem(content)) {
                    problems.add(at + code + " is not application/problem+json with the Problem schema");
                }
            }
            if ((code.equals("429") || code.equals("503")) && !hasHeader(response, "Retry-After")) {
                problems.add(at + code + " has no Retry-After header");
            }
            if (code.equals("401") && !hasHeader(response, "WWW-Authenticate")) {
                problems.add(at + "401 has no WWW-Authenticate header");
            }
        }
        if (route.kind() == Kind.WEBSOCKET) {
            JsonObject upgrade = responses.containsKey("101") ? resolve(responses.get("101")).asJsonObject() : null;
            if (upgrade == null || !hasHeader(upgrade, "Upgrade")) {
                problems.add(at + "no 101 Switching Protocols with its Upgrade header");
            }
        } else if (!exampled) {
            problems.add(at + "no 2xx answer with an example");
        }

        List<String> required = new ArrayList<>();
        if (route.authenticated()) {
            required.add("401");
        }
        if (route.roleRestricted()) {
            required.add("403");
        }
        boolean takesParameters = !route.parameters().isEmpty() || !route.validatedPathParams().isEmpty()
                || parameters.stream().anyMatch(p -> p.startsWith("query:") || p.startsWith("header:"));
        if (takesParameters || route.readsBody() || body != null) {
            required.add("400");
        }
        if (route.readsBody()) {
            required.add("413");
        }
        if (route.readsBody() && route.declaresConsumes()) {
            required.add("415");
        }
        if (route.isWrite() && route.authenticated()) {
            required.add("503");
        }
        if (route.isWrite() && route.writeRated()) {
            required.add("429");
        }
        for (String code : required) {
            if (!responses.containsKey(code)) {
                problems.add(at + "no " + code + " answer");
            }
        }

        JsonArray security = operation.containsKey("security") ? operation.getJsonArray("security") : document.getJsonArray("security");
        boolean anonymous = security == null || security.isEmpty()
                || security.stream().anyMatch(requirement -> requirement.asJsonObject().isEmpty());
        if (route.authenticated() && anonymous) {
            problems.add(at + "needs a token, but the document says none is needed");
        }
        if (!route.authenticated() && !anonymous) {
            problems.add(at + "needs no token, but the document asks for one");
        }
    }

    private static boolean hasExample(JsonObject media) {
        return media.containsKey("example") || (media.containsKey("examples") && !media.getJsonObject("examples").isEmpty());
    }

    private boolean isProblem(JsonObject content) {
        if (content == null || !content.containsKey(PROBLEM)) {
            return false;
        }
        JsonObject schema = content.getJsonObject(PROBLEM).getJsonObject("schema");
        return schema != null && schema.getString("$ref", "").equals("#/components/schemas/Problem");
    }

    private boolean hasHeader(JsonObject response, String name) {
        JsonObject headers = response.getJsonObject("headers");
        return headers != null && headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase(name));
    }

    /** The object a {@code $ref} points to (followed until it is not a reference), or the value itself. */
    private JsonValue resolve(JsonValue value) {
        JsonValue current = value;
        for (int hops = 0; current.getValueType() == JsonValue.ValueType.OBJECT && current.asJsonObject().containsKey("$ref"); hops++) {
            if (hops > 10) {
                throw new AssertionError("a $ref cycle at " + value);
            }
            String ref = current.asJsonObject().getString("$ref");
            assertTrue(ref.startsWith("#/"), "a reference into this document: " + ref);
            current = Json.createPointer(ref.substring(1)).getValue(document);
        }
        return current;
    }

    private void references(JsonValue value, List<String> broken) {
        if (value.getValueType() == JsonValue.ValueType.OBJECT) {
            JsonObject object = value.asJsonObject();
            if (object.get("$ref") instanceof JsonString ref) {
                try {
                    if (!ref.getString().startsWith("#/")) {
                        broken.add(ref.getString() + " (not in this document)");
                    } else {
                        Json.createPointer(ref.getString().substring(1)).getValue(document);
                    }
                } catch (JsonException e) {
                    broken.add(ref.getString());
                }
            }
            object.values().forEach(v -> references(v, broken));
        } else if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            value.asJsonArray().forEach(v -> references(v, broken));
        }
    }
}
