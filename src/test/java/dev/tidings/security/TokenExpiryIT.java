package dev.tidings.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.AgainstTidings;
import dev.tidings.it.Api;
import dev.tidings.it.RawHttp;
import dev.tidings.it.TestTokens;
import dev.tidings.it.live.LiveClient;
import dev.tidings.it.live.Transport;
import dev.tidings.it.live.WebSocketClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A live connection lives no longer than its token: at the first heartbeat tick after the
 * token's expiry (1 s on the test server) the server ends it (WebSocket close 1008, streams end,
 * a waiting long poll answers), and the same token cannot open a new one, even within the
 * verifier's clock skew. The client reconnects with a fresh token and misses nothing.
 */
class TokenExpiryIT extends AgainstTidings {

    private static final Duration LIFETIME = Duration.ofSeconds(4);
    private static final Map<Transport, String> PATHS = Map.of(Transport.LONG_POLL, "api/v1/inbox/longpoll?after=1",
            Transport.STREAM, "api/v1/inbox/stream?after=1", Transport.SSE, "api/v1/inbox/sse?after=1");

    URI uri;
    String user;

    @BeforeEach
    void setUp() throws Exception {
        uri = base.toURI();
        api = new Api(uri);
        publisher = api.token(Api.newUser("app"), "publisher");
        user = Api.newUser("reader");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void aConnectionEndsWhenItsTokenExpiresAndAFreshTokenResumesIt(Transport transport) throws Exception {
        TestTokens tokens = new TestTokens();
        String shortLived = tokens.valid(user, LIFETIME);
        Instant expiry = Instant.now().plus(LIFETIME);
        api.notify(publisher, "before expiry", user);

        try (LiveClient client = transport.client(uri, shortLived).open(0)) {
            assertEquals("before expiry", client.awaitEvents(1).get(0).getJsonObject("notification").getString("title"));
            await().atMost(Duration.ofSeconds(15)).until(client::closedByServer);
            assertTrue(!Instant.now().isBefore(expiry.minusMillis(1500)), "not ended long before the token expired");
            if (transport == Transport.WEBSOCKET) {
                assertEquals(1008, ((WebSocketClient) client).closeCode(), ((WebSocketClient) client).closeReason());
            }
        }

        assertEquals(401, RawHttp.get(uri, transport == Transport.WEBSOCKET ? "api/v1/inbox/ws?after=1" : PATHS.get(transport), 3000,
                RawHttp.headers(RawHttp.WEBSOCKET_UPGRADE, "Authorization: Bearer " + shortLived)).status(),
                "the expired token opens nothing, though within the verifier's clock skew");

        api.notify(publisher, "after expiry", user);
        try (LiveClient fresh = transport.client(uri, tokens.valid(user, Duration.ofMinutes(5))).open(1)) {
            assertEquals("after expiry", fresh.awaitEvents(1).get(0).getJsonObject("notification").getString("title"));
        }
    }
}
