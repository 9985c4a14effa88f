package dev.tidings.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.AgainstTidings;
import dev.tidings.it.Api;
import dev.tidings.it.RawHttp;
import dev.tidings.it.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every subscriber transport refuses a bad token with 401 before anything else: no 101 switch of
 * protocols, no event stream, no event; as a header or as the access_token cookie. And no token,
 * good or bad, ever reaches the server's logs.
 */
class HandshakeIdentityIT extends AgainstTidings {

    /** Every token a test sent, to look for in the logs afterwards. */
    static final Set<String> SENT = ConcurrentHashMap.newKeySet();

    /** The sent tokens whose signature the server verifies: usable credentials, were they not expired. */
    static final Set<String> SIGNED_BY_THE_SERVER = ConcurrentHashMap.newKeySet();

    String victim;
    final TestTokens tokens = new TestTokens();

    @BeforeEach
    void aVictimWithAnEventWaiting() throws Exception {
        victim = Api.newUser("victim");
        api.notify(api.token(Api.newUser("app"), "publisher"), "secret for " + victim, victim);
    }

    enum Transport {
        POLL("api/v1/inbox/poll?after=0"),
        LONGPOLL("api/v1/inbox/longpoll?after=0"),
        STREAM("api/v1/inbox/stream?after=0"),
        SSE("api/v1/inbox/sse?after=0", "Accept: text/event-stream"),
        WEBSOCKET("api/v1/inbox/ws?after=0", RawHttp.WEBSOCKET_UPGRADE.toArray(String[]::new));

        final String path;
        final List<String> headers;

        Transport(String path, String... headers) {
            this.path = path;
            this.headers = List.of(headers);
        }
    }

    enum Presented { HEADER, COOKIE }

    /** Each way a token can be wrong, as a function of the user it claims to be. */
    enum Bad {
        MISSING, MALFORMED, GARBAGE_SEGMENTS, UNSIGNED_ALG_NONE, STRANGERS_SIGNATURE, EXPIRED, NOT_YET_VALID, OTHER_ISSUER;

        String token(TestTokens tokens, String user) {
            return switch (this) {
                case MISSING -> null;
                case MALFORMED -> "not-a-jwt";
                case GARBAGE_SEGMENTS -> "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.AAAA";
                case UNSIGNED_ALG_NONE -> TestTokens.unsigned(user);
                case STRANGERS_SIGNATURE -> tokens.strangersSignature(user);
                case EXPIRED -> tokens.expired(user);
                case NOT_YET_VALID -> tokens.notYetValid(user);
                case OTHER_ISSUER -> tokens.otherIssuer(user);
            };
        }
    }

    static Stream<Arguments> badHandshakes() {
        List<Arguments> cases = new ArrayList<>();
        for (Transport transport : Transport.values()) {
            for (Bad bad : Bad.values()) {
                for (Presented presented : Presented.values()) {
                    if (bad != Bad.MISSING || presented == Presented.HEADER) {
                        cases.add(Arguments.of(transport, bad, presented));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with a {1} token as a {2} is refused 401 before any event")
    @MethodSource("badHandshakes")
    void aBadTokenIsRefusedBeforeAnyEventOrUpgrade(Transport transport, Bad bad, Presented presented) throws Exception {
        String token = bad.token(tokens, victim);
        if (Set.of(Bad.EXPIRED, Bad.NOT_YET_VALID, Bad.OTHER_ISSUER).contains(bad)) {
            SIGNED_BY_THE_SERVER.add(token);
        }
        RawHttp.Answer answer = connect(transport, token, presented, 3000);

        assertEquals(401, answer.status(), answer.headers() + answer.body());
        assertNotEquals("websocket", String.valueOf(answer.header("Upgrade")).toLowerCase());
        assertFalse(String.valueOf(answer.header("Content-Type")).startsWith("text/event-stream"), answer.headers().toString());
        assertTrue(String.valueOf(answer.header("Content-Type")).startsWith("application/problem+json"), answer.headers().toString());
        assertFalse(answer.body().contains("secret for"), "no event: " + answer.body());
        assertTrue(String.valueOf(answer.header("WWW-Authenticate")).startsWith("Bearer"), answer.headers().toString());
    }

    static Stream<Arguments> goodHandshakes() {
        return Stream.of(Transport.values()).flatMap(t -> Stream.of(Presented.values()).map(p -> Arguments.of(t, p)));
    }

    /** The control: the same requests with a good token do connect, so the refusals above mean something. */
    @ParameterizedTest(name = "{0} with a valid token as a {1} connects")
    @MethodSource("goodHandshakes")
    void aValidTokenConnects(Transport transport, Presented presented) {
        String token = tokens.valid(victim, Duration.ofMinutes(5));
        SIGNED_BY_THE_SERVER.add(token);
        RawHttp.Answer answer = connect(transport, token, presented, 1500);
        if (transport == Transport.WEBSOCKET) {
            assertEquals(101, answer.status(), answer.headers().toString());
        } else {
            assertEquals(200, answer.status(), answer.headers() + answer.body());
            assertTrue(answer.body().contains("secret for " + victim), "the waiting event arrives: " + answer.body());
        }
    }

    private RawHttp.Answer connect(Transport transport, String token, Presented presented, int millis) {
        List<String> headers = new ArrayList<>(transport.headers);
        if (transport != Transport.WEBSOCKET) {
            headers.add("Connection: close");
        }
        if (token != null) {
            SENT.add(token);
            headers.add(presented == Presented.HEADER ? "Authorization: Bearer " + token : "Cookie: access_token=" + token);
        }
        return RawHttp.get(URI.create(base.toString()), transport.path, millis, headers.toArray(String[]::new));
    }

    /**
     * No token reaches messages.log, console.log or the access log. Liberty's diagnostics (the
     * hidden JWT messages in trace.log, FFDC incidents in logs/ffdc) may quote a token whose
     * signature did not verify (a forgery, useless as a credential), never one the server signed.
     */
    @AfterAll
    static void noTokenReachedAnyLog() throws IOException {
        Path logs = Path.of(System.getProperty("tidings.server.dir", "target/liberty/wlp/usr/servers/tidings-it"), "logs");
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(logs)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                String name = file.getFileName().toString();
                boolean diagnostics = name.startsWith("trace") || file.getParent().getFileName().toString().equals("ffdc");
                (diagnostics ? SIGNED_BY_THE_SERVER : SENT).stream()
                        .filter(token -> token.length() > 20 && text.contains(token.substring(0, token.lastIndexOf('.'))))
                        .forEach(token -> leaks.add(file.getFileName() + " quotes a token: " + token.substring(0, 40) + "…"));
            }
        }
        assertTrue(SENT.size() > 10 && SIGNED_BY_THE_SERVER.size() > 10, "tokens were sent");
        assertEquals(List.of(), leaks);
    }
}
