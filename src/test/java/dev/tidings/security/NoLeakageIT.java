package dev.tidings.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.AgainstTidings;
import dev.tidings.it.Api;
import dev.tidings.it.RawHttp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No answer tells an attacker what runs here or how it failed inside: no Server or X-Powered-By
 * header, and no error body with a stack trace, a class or package name, SQL or a product version.
 */
class NoLeakageIT extends AgainstTidings {

    private static final Pattern LEAK = Pattern.compile(
            "Exception|\\bat [a-z]+\\.|dev\\.tidings|org\\.eclipse|com\\.ibm|jakarta\\.|java\\.|SELECT|INSERT|UPDATE |TIDINGS_"
                    + "|SQL|H2|Liberty|WebSphere|Weld|RESTEasy|26\\.0\\.", Pattern.CASE_INSENSITIVE);

    static Stream<Arguments> answers() {
        String bigBody = "{\"x\":\"" + "y".repeat(300 * 1024) + "\"}";
        return Stream.of(
                Arguments.of("a page", "GET", "", null, null),
                Arguments.of("no token", "GET", "api/v1/inbox", null, null),
                Arguments.of("a garbage token", "GET", "api/v1/inbox", "garbage", null),
                Arguments.of("a user on the publisher API", "POST", "api/v1/notifications", "user", "{}"),
                Arguments.of("an unknown path", "GET", "api/v1/nothing", "user", null),
                Arguments.of("an unknown file", "GET", "nothing.html", null, null),
                Arguments.of("a wrong method", "DELETE", "api/v1/inbox/poll", "user", null),
                Arguments.of("malformed JSON", "POST", "api/v1/inbox/read", "user", "{\"ids\":[1,"),
                Arguments.of("JSON of the wrong shape", "POST", "api/v1/notifications", "publisher", "[1,2,3]"),
                Arguments.of("a wrong type in JSON", "POST", "api/v1/notifications", "publisher",
                        "{\"recipients\":\"bob\",\"type\":7,\"title\":{}}"),
                Arguments.of("a body that is not JSON", "POST", "api/v1/inbox/ack", "user", "seq=1"),
                Arguments.of("a body over the limit", "POST", "api/v1/inbox/read", "user", bigBody),
                Arguments.of("a cursor past the end", "GET", "api/v1/inbox/poll?after=999999999", "user", null),
                // Refused by Liberty's web container before any application code: its own small HTML 400.
                Arguments.of("a percent-encoded NUL in the path (container)", "GET", "api/v1/notifications/%00", "publisher", null),
                Arguments.of("a very long notification id", "GET", "api/v1/notifications/" + "a".repeat(5000), "publisher", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void noAnswerRevealsTheServerOrItsInsides(String name, String method, String path, String who, String body) throws Exception {
        List<String> headers = new ArrayList<>(List.of("Connection: close"));
        if ("user".equals(who)) {
            headers.add("Authorization: Bearer " + api.token(Api.newUser("u")));
        } else if ("publisher".equals(who)) {
            headers.add("Authorization: Bearer " + api.token(Api.newUser("p"), "publisher"));
        } else if ("garbage".equals(who)) {
            headers.add("Authorization: Bearer not.a.token");
        }
        if (body != null) {
            headers.add("Content-Type: " + (body.startsWith("seq") ? "text/plain" : "application/json"));
            headers.add("Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length);
        }
        RawHttp.Answer answer = RawHttp.send(URI.create(base.toString()), method, path, body, 5000, headers.toArray(String[]::new));

        assertNull(answer.header("Server"), answer.headers().toString());
        assertNull(answer.header("X-Powered-By"), answer.headers().toString());
        if (answer.status() >= 400) {
            if (!name.endsWith("(container)")) {
                assertTrue(answer.header("Content-Type").startsWith("application/problem+json"), name + ": " + answer.headers());
            }
            assertFalse(LEAK.matcher(answer.body()).find(), name + " leaks: " + answer.body());
        }
    }
}
