package dev.tidings.it;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** A small client of the Tidings HTTP API, as a browser or publishing application would use it. */
public final class Api {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final URI base;

    /** {@code base} is the application's root, e.g. {@code http://localhost:9080/}. */
    public Api(URI base) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    }

    public URI uri(String path) {
        return base.resolve(path);
    }

    /** A JSON object from its text (a reply, a message). */
    public static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonStructure value = reader.read();
            return value.asJsonObject();
        }
    }

    /** A fresh user id, so tests never see each other's inboxes even on a reused database. */
    public static String newUser(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String token(String user, String... groups) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (String group : groups) {
            array.add(group);
        }
        String body = Json.createObjectBuilder().add("user", user).add("groups", array).build().toString();
        Reply reply = send(request("api/v1/dev/tokens", null).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"));
        reply.expect(200);
        return reply.json().getString("token");
    }

    public Reply publish(String token, String idempotencyKey, String json) {
        HttpRequest.Builder request = request("api/v1/notifications", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    /** Publishes a simple notification to {@code recipients} and returns the 201 body. */
    public JsonObject notify(String token, String title, String... recipients) {
        Reply reply = publish(token, null, notification(title, recipients).toString());
        reply.expect(201);
        return reply.json();
    }

    public static JsonObject notification(String title, String... recipients) {
        return notification(title, List.of(recipients));
    }

    public static JsonObject notification(String title, List<String> recipients) {
        JsonArrayBuilder to = Json.createArrayBuilder();
        recipients.forEach(to::add);
        return Json.createObjectBuilder()
                .add("recipients", to)
                .add("type", "comment")
                .add("title", title)
                .add("body", "body of " + title)
                .add("data", Json.createObjectBuilder().add("url", "/posts/42"))
                .build();
    }

    public Reply get(String path, String token) {
        return send(request(path, token).GET());
    }

    public Reply post(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public JsonObject poll(String token, long after) {
        Reply reply = get("api/v1/inbox/poll?after=" + after, token);
        reply.expect(200);
        return reply.json();
    }

    public HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    public Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response: status, headers and the body, parsed as JSON on demand. */
    public record Reply(HttpResponse<String> response) {

        public int status() {
            return response.statusCode();
        }

        public String body() {
            return response.body();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public JsonObject json() {
            return parse(response.body());
        }

        public Reply expect(int status) {
            if (status() != status) {
                throw new AssertionError("expected " + status + " but got " + status() + ": " + body());
            }
            return this;
        }
    }
}
