package dev.tidings.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input gets its status as an application/problem+json body, shows no stack
 * trace, and leaves the victim's inbox exactly as it was.
 */
class BadInputIT extends AgainstTidings {

    String victim;
    String victimToken;
    String publisherToken;
    String victimNotification;

    /** What a case needs: the API and the victim's credentials, to build its request. */
    record Ctx(Api api, String victim, String victimToken, String publisherToken, String victimNotification) {
    }

    @BeforeEach
    void seedVictim() throws Exception {
        victim = Api.newUser("victim");
        victimToken = api.token(victim);
        publisherToken = api.token(Api.newUser("shop"), "publisher");
        victimNotification = api.notify(publisherToken, "the only one", victim)
                .getJsonArray("notifications").getJsonObject(0).getString("id");
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                bad("malformed JSON", 400, c -> publish(c, "{\"recipients\": [\"" + c.victim() + "\"], \"title\": ")),
                bad("not JSON at all", 400, c -> publish(c, "recipients=" + c.victim())),
                bad("empty body", 400, c -> publish(c, "")),
                bad("missing title", 400, c -> publish(c, "{\"recipients\":[\"" + c.victim() + "\"],\"type\":\"t\"}")),
                bad("missing type", 400, c -> publish(c, "{\"recipients\":[\"" + c.victim() + "\"],\"title\":\"t\"}")),
                bad("recipients is a string", 400, c -> publish(c, body("\"" + c.victim() + "\""))),
                bad("recipients is an object", 400, c -> publish(c, body("{\"id\":\"" + c.victim() + "\"}"))),
                bad("recipients holds objects", 400, c -> publish(c, body("[{\"id\":\"" + c.victim() + "\"}]"))),
                bad("recipients holds a null", 400, c -> publish(c, body("[\"" + c.victim() + "\", null]"))),
                bad("recipients is empty", 400, c -> publish(c, body("[]"))),
                bad("recipient is not a user id", 400, c -> publish(c, body("[\"" + c.victim() + "\", \"bob smith\"]"))),
                bad("recipients repeat", 400, c -> publish(c, body("[\"" + c.victim() + "\", \"" + c.victim() + "\"]"))),
                bad("over 1000 recipients", 400, c -> publish(c, body(IntStream.range(0, 1001)
                        .mapToObj(i -> "\"" + c.victim() + "-" + i + "\"").collect(Collectors.joining(",", "[\"" + c.victim() + "\",", "]"))))),
                bad("data is not an object", 400, c -> publish(c,
                        "{\"recipients\":[\"" + c.victim() + "\"],\"type\":\"t\",\"title\":\"t\",\"data\":5}")),
                bad("title too long", 400, c -> publish(c,
                        "{\"recipients\":[\"" + c.victim() + "\"],\"type\":\"t\",\"title\":\"" + "x".repeat(201) + "\"}")),
                bad("idempotency key with spaces", 400, c -> c.api().request("api/v1/notifications", c.publisherToken())
                        .header("Content-Type", "application/json").header("Idempotency-Key", "a key")
                        .POST(HttpRequest.BodyPublishers.ofString(body("[\"" + c.victim() + "\"]")))),
                bad("wrong content type", 415, c -> c.api().request("api/v1/notifications", c.publisherToken())
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(body("[\"" + c.victim() + "\"]")))),
                bad("body over the limit", 413, c -> publish(c, bigBody(c))),
                bad("chunked body over the limit", 413, c -> c.api().request("api/v1/notifications", c.publisherToken())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(bigBody(c).getBytes(StandardCharsets.UTF_8))))),
                bad("publish without a token", 401, c -> c.api().request("api/v1/notifications", null)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body("[\"" + c.victim() + "\"]")))),
                bad("publish with a forged token", 401, c -> c.api().request("api/v1/notifications", forged(c.publisherToken()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body("[\"" + c.victim() + "\"]")))),
                bad("publish with garbage for a token", 401, c -> c.api().request("api/v1/notifications", "not.a.jwt")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body("[\"" + c.victim() + "\"]")))),
                bad("publish with a user token", 403, c -> c.api().request("api/v1/notifications", c.victimToken())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body("[\"" + c.victim() + "\"]")))),
                bad("poll without a token", 401, c -> c.api().request("api/v1/inbox/poll?after=0", null).GET()),
                bad("poll with a negative cursor", 400, c -> c.api().request("api/v1/inbox/poll?after=-1", c.victimToken()).GET()),
                bad("poll with a word for a cursor", 400, c -> c.api().request("api/v1/inbox/poll?after=abc", c.victimToken()).GET()),
                bad("poll with a fraction for a cursor", 400, c -> c.api().request("api/v1/inbox/poll?after=1.5", c.victimToken()).GET()),
                bad("poll with a huge cursor", 400, c -> c.api().request("api/v1/inbox/poll?after=99999999999999999999999", c.victimToken()).GET()),
                bad("poll with a cursor ahead of the log", 400, c -> c.api().request("api/v1/inbox/poll?after=2", c.victimToken()).GET()),
                bad("listing with limit 0", 400, c -> c.api().request("api/v1/inbox?limit=0", c.victimToken()).GET()),
                bad("listing with a word for a limit", 400, c -> c.api().request("api/v1/inbox?limit=all", c.victimToken()).GET()),
                bad("read with an empty body object", 400, c -> read(c, "{}")),
                bad("read with both ids and all", 400, c -> read(c, "{\"ids\":[\"" + c.victimNotification() + "\"],\"all\":true}")),
                bad("read with ids not a list", 400, c -> read(c, "{\"ids\":\"" + c.victimNotification() + "\"}")),
                bad("read of an unknown id", 404, c -> read(c, "{\"ids\":[\"" + c.victimNotification() + "\",\"00000000-0000-0000-0000-000000000000\"]}")),
                bad("read without a token", 401, c -> c.api().request("api/v1/inbox/read", null)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"all\":true}"))),
                bad("publish with a NUL in the title", 400, c -> publish(c, titled(c, "hello\\u0000world"))),
                bad("publish with a line break in the title", 400, c -> publish(c, titled(c, "hello\\r\\nX-Injected: yes"))),
                bad("publish with an escape sequence in the title", 400, c -> publish(c, titled(c, "\\u001b[31mred"))),
                bad("publish with a C1 control in the title", 400, c -> publish(c, titled(c, "next\\u0085line"))),
                bad("publish with a bell character in the body", 400, c -> publish(c, "{\"recipients\":[\"" + c.victim()
                        + "\"],\"type\":\"t\",\"title\":\"t\",\"body\":\"ding\\u0007\"}")),
                bad("publish with a control character in the group", 400, c -> publish(c, "{\"recipients\":[\"" + c.victim()
                        + "\"],\"type\":\"t\",\"title\":\"t\",\"group\":\"g\\u0000\"}")),
                bad("publish with a type of 65 characters", 400, c -> publish(c, "{\"recipients\":[\"" + c.victim()
                        + "\"],\"type\":\"" + "t".repeat(65) + "\",\"title\":\"t\"}")),
                bad("publish with data over tidings.publish.max-data-bytes", 400, c -> publish(c, "{\"recipients\":[\"" + c.victim()
                        + "\"],\"type\":\"t\",\"title\":\"t\",\"data\":{\"blob\":\"" + "x".repeat(17 * 1024) + "\"}}")),
                bad("like with a line break in the title", 400, c -> c.api().request("api/v1/objects/post:1/likes/someone", c.publisherToken())
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"owner\":\"" + c.victim() + "\",\"title\":\"your\\npost\"}"))),
                bad("ack without a seq", 400, c -> ack(c, "{}")),
                bad("ack with a negative seq", 400, c -> ack(c, "{\"seq\":-1}")),
                bad("ack with a word for a seq", 400, c -> ack(c, "{\"seq\":\"one\"}")),
                bad("ack with a fraction for a seq", 400, c -> ack(c, "{\"seq\":1.5}")),
                bad("unknown API path", 404, c -> c.api().request("api/v1/nothing-here", c.victimToken()).GET()),
                bad("wrong method", 405, c -> c.api().request("api/v1/inbox/poll", c.victimToken()).DELETE()));
    }

    @ParameterizedTest(name = "{0} is answered {1} and changes nothing")
    @MethodSource("badRequests")
    void badInputIsRefusedWithAProblemAndChangesNothing(String name, int status, Function<Ctx, HttpRequest.Builder> request) {
        Ctx ctx = new Ctx(api, victim, victimToken, publisherToken, victimNotification);

        Api.Reply reply = api.send(request.apply(ctx));

        assertEquals(status, reply.status(), reply.body());
        assertEquals("application/problem+json", reply.header("Content-Type").split(";")[0].trim());
        JsonObject problem = reply.json();
        assertEquals(status, problem.getInt("status"));
        assertTrue(problem.containsKey("title"));
        assertFalse(reply.body().contains("Exception") || reply.body().contains("\tat ") || reply.body().contains("dev.tidings"),
                "no stack trace or class name reaches the client: " + reply.body());

        JsonObject page = api.poll(victimToken, 0);
        assertEquals(1, page.getJsonArray("events").size(), "the victim's log is unchanged");
        assertEquals(1, page.getInt("unread"), "the victim's unread count is unchanged");
        assertEquals(1, page.getJsonNumber("cursor").longValue());
    }

    private static Arguments bad(String name, int status, Function<Ctx, HttpRequest.Builder> request) {
        return Arguments.of(name, status, request);
    }

    private static HttpRequest.Builder publish(Ctx c, String json) {
        return c.api().request("api/v1/notifications", c.publisherToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static HttpRequest.Builder read(Ctx c, String json) {
        return c.api().request("api/v1/inbox/read", c.victimToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static HttpRequest.Builder ack(Ctx c, String json) {
        return c.api().request("api/v1/inbox/ack", c.victimToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static String titled(Ctx c, String escapedTitle) {
        return "{\"recipients\":[\"" + c.victim() + "\"],\"type\":\"t\",\"title\":\"" + escapedTitle + "\"}";
    }

    private static String body(String recipientsJson) {
        return "{\"recipients\":" + recipientsJson + ",\"type\":\"comment\",\"title\":\"hello\"}";
    }

    /** A valid notification to the victim whose data pushes it past the 256 KiB body limit. */
    private static String bigBody(Ctx c) {
        return "{\"recipients\":[\"" + c.victim() + "\"],\"type\":\"t\",\"title\":\"big\",\"data\":{\"blob\":\""
                + "x".repeat(300 * 1024) + "\"}}";
    }

    /** The same claims with the signature of another token: the server must notice. */
    private static String forged(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"groups\":[\"publisher\"]", "\"groups\":[\"publisher\",\"admin\"]");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return List.of(parts[0], forgedPayload, parts[2]).stream().collect(Collectors.joining("."));
    }
}
