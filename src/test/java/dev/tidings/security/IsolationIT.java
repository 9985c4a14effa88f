package dev.tidings.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.AgainstTidings;
import dev.tidings.it.Api;
import dev.tidings.it.RawHttp;
import dev.tidings.it.live.Transport;
import dev.tidings.it.live.WebSocketClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mallory, a signed-in user, tries every endpoint, parameter, header and WebSocket message to
 * read, mark or acknowledge anything of Bob's. Each attempt shows Mallory only Mallory's own
 * inbox or is refused, and Bob's inbox and its delivery state stay exactly as they were.
 */
class IsolationIT extends AgainstTidings {

    String bob;
    String bobToken;
    String bobsNotification;
    String mallory;
    String malloryToken;

    /** What an attempt knows: the API, the two users and Bob's notification id. */
    record Ctx(Api api, URI base, String bob, String bobToken, String bobsNotification, String mallory, String malloryToken) {
    }

    @BeforeEach
    void bobHasASecretAndMalloryHasHerOwn() throws Exception {
        publisher = api.token(Api.newUser("app"), "publisher");
        bob = Api.newUser("bob");
        bobToken = api.token(bob);
        mallory = Api.newUser("mallory");
        malloryToken = api.token(mallory);
        bobsNotification = api.notify(publisher, "bob's secret", bob).getJsonArray("notifications").getJsonObject(0).getString("id");
        api.notify(publisher, "mallory's own", mallory);
    }

    static Stream<Arguments> attempts() {
        return Stream.of(
                answersOnlyHerOwn("the listing with ?user=bob", c -> c.api().get("api/v1/inbox?user=" + c.bob(), c.malloryToken()).body()),
                answersOnlyHerOwn("short polling with ?user=bob", c -> c.api().get("api/v1/inbox/poll?after=0&user=" + c.bob(), c.malloryToken()).body()),
                answersOnlyHerOwn("short polling with ?userId=bob&recipient=bob", c -> c.api()
                        .get("api/v1/inbox/poll?after=0&userId=" + c.bob() + "&recipient=" + c.bob(), c.malloryToken()).body()),
                answersOnlyHerOwn("long polling with ?user=bob", c -> c.api().get("api/v1/inbox/longpoll?after=0&user=" + c.bob(), c.malloryToken()).body()),
                answersOnlyHerOwn("streaming with ?user=bob", c -> raw(c, "api/v1/inbox/stream?after=0&user=" + c.bob(), "Authorization: Bearer " + c.malloryToken())),
                answersOnlyHerOwn("SSE with ?user=bob", c -> raw(c, "api/v1/inbox/sse?after=0&user=" + c.bob(), "Authorization: Bearer " + c.malloryToken())),
                answersOnlyHerOwn("polling with X-User, X-Forwarded-User and X-Remote-User: bob", c -> c.api().send(
                        c.api().request("api/v1/inbox/poll?after=0", c.malloryToken())
                                .header("X-User", c.bob()).header("X-Forwarded-User", c.bob()).header("X-Remote-User", c.bob()).GET()).body()),
                answersOnlyHerOwn("her token as the header and Bob's as the cookie", c -> raw(c, "api/v1/inbox/poll?after=0",
                        "Authorization: Bearer " + c.malloryToken(), "Cookie: access_token=" + c.bobToken())),
                answers("marking Bob's notification read", 404, c -> c.api().post("api/v1/inbox/read", c.malloryToken(),
                        "{\"ids\":[\"" + c.bobsNotification() + "\"]}").status()),
                answers("marking Bob's and her own read in one call", 404, c -> c.api().post("api/v1/inbox/read", c.malloryToken(),
                        "{\"ids\":[\"" + c.bobsNotification() + "\",\"" + ownId(c) + "\"]}").status()),
                answers("reading Bob's notification state with her user token", 403, c -> c.api()
                        .get("api/v1/notifications/" + c.bobsNotification(), c.malloryToken()).status()),
                answers("unliking as Bob", 403, c -> c.api().send(c.api()
                        .request("api/v1/objects/post:1/likes/" + c.bob(), c.malloryToken()).DELETE()).status()),
                answers("liking as Bob", 403, c -> c.api().send(c.api().request("api/v1/objects/post:1/likes/" + c.bob(), c.malloryToken())
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"owner\":\"" + c.mallory() + "\",\"title\":\"x\"}"))).status()),
                answers("a WebSocket read of Bob's notification", 404, c -> socketReply(c, "{\"type\":\"read\",\"ids\":[\"" + c.bobsNotification() + "\"]}")),
                answers("acknowledging far ahead over REST (touches only her own)", 200, c -> c.api()
                        .post("api/v1/inbox/ack", c.malloryToken(), "{\"seq\":999999}").status()),
                answers("acknowledging far ahead over the WebSocket (touches only her own)", 200,
                        c -> socketReply(c, "{\"type\":\"ack\",\"seq\":999999}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attempts")
    void malloryCannotReachBobsInbox(String name, Function<Ctx, Object> attempt, Object expected) {
        Ctx ctx = new Ctx(api, URI.create(base.toString()), bob, bobToken, bobsNotification, mallory, malloryToken);
        JsonObject bobBefore = api.poll(bobToken, 0);

        Object outcome = attempt.apply(ctx);

        if (expected instanceof Integer status) {
            assertEquals(status, outcome, name);
        } else {
            String body = (String) outcome;
            assertTrue(body.contains("mallory's own"), "she sees her own inbox: " + body);
            assertFalse(body.contains("bob's secret") || body.contains(bob), "nothing of Bob's: " + body);
        }
        assertEquals(bobBefore, api.poll(bobToken, 0), "Bob's inbox is unchanged");
        JsonObject state = api.get("api/v1/notifications/" + bobsNotification, publisher).expect(200).json();
        assertEquals("created", state.getString("state"), "Bob's notification is neither delivered nor read: " + state);
    }

    @Test
    void anotherPublisherCannotSeeBobsNotificationState() {
        String otherApp = api.token(Api.newUser("other-app"), "publisher");
        assertEquals(404, api.get("api/v1/notifications/" + bobsNotification, otherApp).status());
    }

    private static Arguments answersOnlyHerOwn(String name, Function<Ctx, Object> attempt) {
        return Arguments.of(name, attempt, "her own");
    }

    private static Arguments answers(String name, int status, Function<Ctx, Object> attempt) {
        return Arguments.of(name, attempt, status);
    }

    private static String raw(Ctx c, String path, String... headers) {
        return RawHttp.get(c.base(), path, 1500, Stream.concat(Stream.of(headers), Stream.of("Connection: close"))
                .toArray(String[]::new)).body();
    }

    private static String ownId(Ctx c) {
        return c.api().poll(c.malloryToken(), 0).getJsonArray("events").getJsonObject(0)
                .getJsonObject("notification").getString("id");
    }

    /** Sends one message on Mallory's own WebSocket: the reply's status (200 for ok). */
    private static int socketReply(Ctx c, String message) {
        try (WebSocketClient socket = (WebSocketClient) Transport.WEBSOCKET.client(c.base(), c.malloryToken()).open(0)) {
            socket.send(message);
            await().atMost(Duration.ofSeconds(10)).until(() -> !socket.replies().isEmpty());
            String reply = socket.replies().get(0);
            assertFalse(reply.contains(c.bob()), reply);
            return reply.contains("\"kind\":\"ok\"") ? 200 : Integer.parseInt(reply.replaceAll(".*\"status\":(\\d+).*", "$1"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
