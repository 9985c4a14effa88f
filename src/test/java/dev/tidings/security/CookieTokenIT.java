package dev.tidings.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.AgainstTidings;
import dev.tidings.it.Api;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Browsers' EventSource and WebSocket cannot set an Authorization header: the same token is
 * accepted as the cookie {@code access_token}, and verified just as strictly.
 */
class CookieTokenIT extends AgainstTidings {

    String user;
    String token;

    @BeforeEach
    void setUp() throws Exception {
        user = Api.newUser("browser");
        token = api.token(user);
    }

    private HttpRequest.Builder withCookie(String path, String cookieToken) throws Exception {
        return HttpRequest.newBuilder(base.toURI().resolve(path)).header("Cookie", "access_token=" + cookieToken);
    }

    @Test
    void theTokenCookieReadsTheInboxAndCarriesTheGroups() throws Exception {
        api.notify(publisher, "by cookie", user);

        Api.Reply listing = api.send(withCookie("api/v1/inbox", token).GET());
        Api.Reply publish = api.send(withCookie("api/v1/notifications", publisher)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Api.notification("hi", user).toString())));

        assertEquals(1, listing.expect(200).json().getJsonArray("notifications").size());
        assertEquals(201, publish.status(), "the publisher group comes with the cookie too");
    }

    @ParameterizedTest(name = "cookie {0} is refused")
    @ValueSource(strings = {"garbage", "eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl", ""})
    void anInvalidTokenCookieIsRefusedWith401(String cookie) throws Exception {
        Api.Reply reply = api.send(withCookie("api/v1/inbox", cookie).GET());

        assertEquals(401, reply.status());
        assertEquals("application/problem+json", reply.header("Content-Type").split(";")[0]);
    }

    @Test
    void eventSourceWithTheCookieReceivesEvents() throws Exception {
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .sendAsync(withCookie("api/v1/inbox/sse", token).build(), HttpResponse.BodyHandlers.ofLines())
                .get(30, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        api.notify(publisher, "live by cookie", user);

        try (Stream<String> lines = response.body()) {
            String data = lines.filter(line -> line.startsWith("data: {\"seq\"")).findFirst().orElseThrow();
            assertTrue(data.contains("live by cookie"), "the SSE event carries the published title: " + data);
        }
    }

    @Test
    void aWebSocketWithTheCookieReceivesEvents() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        URI ws = URI.create(base.toString().replaceFirst("^http", "ws")).resolve("api/v1/inbox/ws?after=0");
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Cookie", "access_token=" + token)
                .buildAsync(ws, new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            first.complete(text.toString());
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
        try {
            api.notify(publisher, "socket by cookie", user);
            JsonObject event = jakarta.json.Json.createReader(new java.io.StringReader(first.get(30, TimeUnit.SECONDS))).readObject();
            assertEquals(List.of(1, "socket by cookie"),
                    List.of(event.getInt("seq"), event.getJsonObject("notification").getString("title")));
        } finally {
            socket.abort();
        }
    }
}
