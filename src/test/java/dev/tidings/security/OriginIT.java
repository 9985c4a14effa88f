package dev.tidings.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.AgainstTidings;
import dev.tidings.it.Api;
import dev.tidings.it.RawHttp;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-site WebSocket hijacking: a page on another site opens a WebSocket to Tidings and the
 * browser sends the user's cookie along. The handshake is refused (403, no upgrade) unless the
 * Origin is the server's own (no allow-list is configured on the test server). And the HTTP API
 * answers no CORS: no other origin may read it from a browser.
 */
class OriginIT extends AgainstTidings {

    URI uri;
    String ownOrigin;
    String userToken;

    @BeforeEach
    void setUp() throws Exception {
        uri = base.toURI();
        ownOrigin = "http://" + uri.getHost() + ":" + uri.getPort();
        userToken = new Api(uri).token(Api.newUser("victim"));
    }

    private RawHttp.Answer handshake(String origin) {
        return RawHttp.get(uri, "api/v1/inbox/ws?after=0", 3000, RawHttp.headers(RawHttp.WEBSOCKET_UPGRADE,
                "Cookie: access_token=" + userToken, "Origin: " + origin));
    }

    @ParameterizedTest(name = "Origin {0} is refused 403 before the upgrade")
    @ValueSource(strings = {"https://evil.net", "null", "http://localhost.evil.net:9180", "http://lоcalhost:9180",
            "http://xn--lcalhost-0fg:9180", "http://127.0.0.1:9180", "https://localhost:9180", "http://localhost:9181",
            "http://localhost:9180/", "http://user@localhost:9180"})
    void aForeignOriginCannotOpenAWebSocketWithTheUsersCookie(String origin) {
        RawHttp.Answer answer = handshake(origin.replace("9180", Integer.toString(uri.getPort())));
        assertEquals(403, answer.status(), answer.headers() + answer.body());
        assertNull(answer.header("Upgrade"));
        assertTrue(answer.header("Content-Type").startsWith("application/problem+json"), answer.headers().toString());
    }

    @Test
    void theServersOwnOriginConnects() {
        assertEquals(101, handshake(ownOrigin).status());
        assertEquals(101, handshake(ownOrigin.toUpperCase().replace("HTTP", "http")).status(), "host names are case-insensitive");
    }

    @Test
    void theHttpApiGrantsNoOtherOriginByCors() {
        RawHttp.Answer anonymous = RawHttp.get(uri, "api/v1/inbox", 3000, "Origin: https://evil.net",
                "Connection: close");
        assertNull(anonymous.header("Access-Control-Allow-Origin"), anonymous.headers().toString());
        RawHttp.Answer read = RawHttp.get(uri, "api/v1/inbox", 3000, "Origin: https://evil.net",
                "Authorization: Bearer " + userToken, "Connection: close");
        assertEquals(200, read.status());
        assertNull(read.header("Access-Control-Allow-Origin"), read.headers().toString());
        assertNull(read.header("Access-Control-Allow-Credentials"), read.headers().toString());
    }
}
