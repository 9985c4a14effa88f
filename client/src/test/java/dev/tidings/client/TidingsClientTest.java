package dev.tidings.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.client.FakeTidings.Answer;
import dev.tidings.client.TidingsException.FieldError;
import dev.tidings.client.TidingsException.Kind;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TidingsClientTest {

    static final String RECEIPTS = "{\"notifications\":[{\"recipient\":\"bob\",\"id\":\"n-1\",\"seq\":4},"
            + "{\"recipient\":\"carol\",\"id\":\"n-2\",\"seq\":1}]}";

    FakeTidings server;
    /** The waits the client asked for, instead of spending them. */
    List<Duration> waits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new FakeTidings();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    TidingsClient.Builder client() {
        return TidingsClient.builder(server.url()).token("publisher-token").sleeper(waits::add);
    }

    static Notification order() {
        return Notification.to("bob", "carol").type("order").title("Your order shipped").build();
    }

    @Test
    void notifySendsTheNotificationAndAnswersTheReceipts() {
        server.then(Answer.json(201, RECEIPTS));
        Notification notification = Notification.to("bob", "carol").type("order").title("Your \"order\" shipped")
                .body("line one\nline two").group("order:1001").dataJson(" {\"order\":1001,\"items\":[\"a\"]} ")
                .actors("shop").build();

        Published published = client().build().notify(notification);

        assertEquals(List.of(new Receipt("bob", "n-1", 4), new Receipt("carol", "n-2", 1)), published.receipts());
        assertEquals(Optional.of(new Receipt("carol", "n-2", 1)), published.receipt("carol"));
        assertFalse(published.replayed());
        FakeTidings.Seen request = server.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("/api/v1/notifications", request.path());
        assertEquals("Bearer publisher-token", request.header("Authorization"));
        assertTrue(request.header("Content-Type").startsWith("application/json"));
        assertEquals(published.idempotencyKey(), request.header("Idempotency-Key"));
        assertEquals(published.idempotencyKey(), UUID.fromString(published.idempotencyKey()).toString(), "a random UUID");
        assertEquals(Map.of("recipients", List.of("bob", "carol"), "type", "order", "title", "Your \"order\" shipped",
                "body", "line one\nline two", "group", "order:1001",
                "data", Json.read("{\"order\":1001,\"items\":[\"a\"]}"), "actors", List.of("shop")),
                Json.readObject(request.body()));
    }

    @Test
    void eachCallHasItsOwnKeyAndACallersKeyIsSentAsGiven() {
        server.always(Answer.json(201, RECEIPTS).with("Idempotent-Replayed", "true"));
        TidingsClient client = client().build();
        String first = client.notify(order()).idempotencyKey();
        String second = client.notify(order()).idempotencyKey();
        Published mine = client.notify(order(), "order-1001-shipped");

        assertNotEquals(first, second);
        assertEquals("order-1001-shipped", mine.idempotencyKey());
        assertEquals("order-1001-shipped", server.requests().get(2).header("Idempotency-Key"));
        assertTrue(mine.replayed(), "Idempotent-Replayed: true is reported");
        assertThrows(IllegalArgumentException.class, () -> client.notify(order(), "has space"));
        assertThrows(IllegalArgumentException.class, () -> client.notify(order(), ""));
        assertThrows(IllegalArgumentException.class, () -> client.notify(order(), "k".repeat(256)));
        assertEquals(3, server.requests().size(), "a bad key is refused before sending");
    }

    @Test
    void dataFromAMapIsWrittenAsJson() {
        server.then(Answer.json(201, RECEIPTS));
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("url", "/posts/42?a=1&b=\"2\"");
        data.put("n", 3);
        data.put("tags", List.of("x", "y"));
        client().build().notify(Notification.to("bob").type("t").title("t").data(data).build());
        assertEquals(Map.of("url", "/posts/42?a=1&b=\"2\"", "n", Json.read("3"), "tags", List.of("x", "y")),
                Json.readObject(server.requests().get(0).body()).get("data"));
    }

    @Test
    void aNotificationThatCannotBeSentIsRefusedWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> Notification.to().type("t").title("t").build());
        assertThrows(NullPointerException.class, () -> Notification.to("bob").title("t").build());
        assertThrows(NullPointerException.class, () -> Notification.to("bob").type("t").build());
        assertThrows(IllegalArgumentException.class, () -> Notification.to("bob").type("t").title("t").dataJson("[1]").build());
        assertThrows(IllegalArgumentException.class, () -> Notification.to("bob").type("t").title("t").dataJson("{\"a\":").build());
        assertThrows(IllegalArgumentException.class, () -> Notification.to("bob").type("t").title("t").data(Map.of("o", new Object())));
    }

    @Test
    void retriesA429AfterItsRetryAfterWithTheSameKey() {
        server.then(Answer.problem(429, "Too Many Requests", "rate used up").with("Retry-After", "1"),
                Answer.json(201, RECEIPTS));
        // The real sleeper: the retry must not come before Retry-After's second.
        TidingsClient client = TidingsClient.builder(server.url()).token("t").build();

        long start = System.nanoTime();
        Published published = client.notify(order());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        List<FakeTidings.Seen> requests = server.requests();
        assertEquals(2, requests.size());
        assertTrue(took.compareTo(Duration.ofSeconds(1)) >= 0, "waited " + took);
        assertEquals(published.idempotencyKey(), requests.get(0).header("Idempotency-Key"));
        assertEquals(published.idempotencyKey(), requests.get(1).header("Idempotency-Key"));
        assertEquals(requests.get(0).body(), requests.get(1).body());
    }

    @Test
    void aRetryAfterLongerThanTheBackoffIsWhatIsWaited() {
        server.then(Answer.problem(429, "Too Many Requests", "x").with("Retry-After", "7"), Answer.json(201, RECEIPTS));
        client().maxRetryWait(Duration.ofSeconds(10)).build().notify(order());
        assertEquals(List.of(Duration.ofSeconds(7)), waits);
    }

    @Test
    void retries503WithExponentialBackoffAndTheSameKeyEveryTime() {
        Answer unavailable = Answer.problem(503, "Service Unavailable", "the database is unavailable");
        server.then(unavailable, unavailable, unavailable, Answer.json(201, RECEIPTS));
        Published published = client().initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(5))
                .build().notify(order(), "key-1");

        assertEquals(4, server.requests().size());
        assertTrue(server.requests().stream().allMatch(r -> "key-1".equals(r.header("Idempotency-Key"))));
        assertEquals("key-1", published.idempotencyKey());
        assertEquals(3, waits.size());
        // Jittered within [half, all] of 100, 200, 400 ms.
        for (int i = 0; i < 3; i++) {
            long base = 100L << i;
            long wait = waits.get(i).toMillis();
            assertTrue(wait >= base / 2 && wait <= base, "wait " + i + " was " + wait + " ms");
        }
    }

    @Test
    void backoffDoublesUpToItsMaximumWithJitter() {
        TidingsClient client = client().initialBackoff(Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(1)).build();
        Set<Long> seen = new HashSet<>();
        for (int round = 0; round < 200; round++) {
            for (int failed = 1; failed <= 40; failed++) {
                long base = Math.min(200L << Math.min(failed - 1, 20), 1000);
                long wait = client.backoff(failed).toMillis();
                assertTrue(wait >= base / 2 && wait <= base, "after " + failed + ": " + wait);
                if (failed == 1) {
                    seen.add(wait);
                }
            }
        }
        assertTrue(seen.size() > 10, "jitter: the first wait varies, " + seen);
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheTypedError() {
        server.always(Answer.problem(429, "Too Many Requests", "rate used up").with("Retry-After", "1"));
        TidingsException e = assertThrows(TidingsException.class, () -> client().maxAttempts(3).build().notify(order()));

        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(429, e.status());
        assertEquals("rate used up", e.detail());
        assertEquals(Optional.of(Duration.ofSeconds(1)), e.retryAfter());
        assertEquals(3, e.attempts());
        assertEquals(3, server.requests().size());
        assertEquals(2, waits.size());
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
    }

    @Test
    void givesUpWhenTheNextWaitWouldPassMaxRetryWait() {
        server.always(Answer.problem(503, "Service Unavailable", "busy").with("Retry-After", "5"));
        TidingsException e = assertThrows(TidingsException.class,
                () -> client().maxRetryWait(Duration.ofSeconds(12)).maxAttempts(10).build().notify(order()));

        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(5)), waits, "a third 5 s wait would pass 12 s");
        assertEquals(3, server.requests().size());
    }

    @Test
    void mapsProblemJsonToTypedErrors() {
        server.then(new Answer(400, "application/problem+json",
                "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"the request is invalid\","
                        + "\"errors\":[{\"field\":\"recipients[1]\",\"message\":\"must be a user id\"}]}", Map.of(), false));
        TidingsException invalid = assertThrows(TidingsException.class, () -> client().build().notify(order()));
        assertEquals(Kind.INVALID, invalid.kind());
        assertEquals(400, invalid.status());
        assertEquals("Bad Request", invalid.title());
        assertEquals("the request is invalid", invalid.detail());
        assertEquals(List.of(new FieldError("recipients[1]", "must be a user id")), invalid.fieldErrors());
        assertEquals(Optional.empty(), invalid.retryAfter());
        assertEquals("400 Bad Request: the request is invalid; recipients[1] must be a user id", invalid.getMessage());

        Map<Integer, Kind> kinds = Map.of(401, Kind.AUTH, 403, Kind.AUTH, 404, Kind.NOT_FOUND, 409, Kind.CONFLICT,
                413, Kind.INVALID, 415, Kind.INVALID, 422, Kind.CONFLICT, 500, Kind.OTHER);
        kinds.forEach((status, kind) -> {
            server.then(Answer.problem(status, "T" + status, "d" + status));
            TidingsException e = assertThrows(TidingsException.class, () -> client().build().state("n-1"));
            assertEquals(kind, e.kind(), "status " + status);
            assertEquals(status, e.status());
            assertEquals("T" + status, e.title());
            assertEquals("d" + status, e.detail());
            assertEquals(1, e.attempts());
        });
    }

    @Test
    void anErrorThatIsNotProblemJsonStillHasItsStatus() {
        server.then(new Answer(502, "text/html", "<html>Bad Gateway</html>", Map.of(), false),
                new Answer(404, "application/problem+json", "{not json", Map.of(), false));
        TidingsException html = assertThrows(TidingsException.class, () -> client().build().state("n-1"));
        assertEquals(Kind.OTHER, html.kind());
        assertEquals(502, html.status());
        assertNull(html.title());
        assertNull(html.detail());
        TidingsException broken = assertThrows(TidingsException.class, () -> client().build().state("n-1"));
        assertEquals(Kind.NOT_FOUND, broken.kind());
        assertEquals("the error answer was not valid JSON", broken.detail());
    }

    @Test
    void neverRetries400Or422() {
        server.then(Answer.problem(400, "Bad Request", "no"), Answer.problem(422, "Unprocessable Content", "key reused"));
        TidingsClient client = client().build();
        assertEquals(Kind.INVALID, assertThrows(TidingsException.class, () -> client.notify(order())).kind());
        assertEquals(Kind.CONFLICT, assertThrows(TidingsException.class, () -> client.notify(order(), "k")).kind());
        assertEquals(2, server.requests().size());
        assertEquals(List.of(), waits);
    }

    @Test
    void retriesNotifyAfterALostAnswerWithTheSameKey() {
        server.then(Answer.dropped(), Answer.json(201, RECEIPTS).with("Idempotent-Replayed", "true"));
        Published published = client().build().notify(order());
        List<FakeTidings.Seen> requests = server.requests();
        assertEquals(2, requests.size());
        assertEquals(requests.get(0).header("Idempotency-Key"), requests.get(1).header("Idempotency-Key"));
        assertTrue(published.replayed());
        assertEquals(1, waits.size());
    }

    @Test
    void retriesAfterARequestTimeoutWithTheSameKey() {
        server.then(Answer.json(201, RECEIPTS).after(Duration.ofSeconds(3)), Answer.json(201, RECEIPTS));
        Published published = client().requestTimeout(Duration.ofMillis(300)).build().notify(order());
        List<FakeTidings.Seen> requests = server.requests();
        assertEquals(2, requests.size());
        assertEquals(requests.get(0).header("Idempotency-Key"), requests.get(1).header("Idempotency-Key"));
        assertEquals(2, published.receipts().size());
    }

    @Test
    void unlikeIsNotRetriedAfterALostAnswerButIsAfter503() {
        server.then(Answer.dropped());
        TidingsException e = assertThrows(TidingsException.class, () -> client().build().unlike("post:42", "alice"));
        assertEquals(Kind.CONNECTION, e.kind());
        assertEquals(0, e.status());
        assertTrue(e.getCause() instanceof IOException);
        assertEquals(1, server.requests().size());

        server.then(Answer.problem(503, "Service Unavailable", "busy"),
                Answer.json(200, "{\"object\":\"post:42\",\"owner\":\"bob\",\"likes\":0,\"changed\":true,\"notification\":null}"));
        LikeResult result = client().build().unlike("post:42", "alice");
        assertEquals(new LikeResult("post:42", "bob", 0, true, null), result);
        assertEquals(3, server.requests().size());
    }

    @Test
    void anUnreachableServerIsAConnectionErrorAfterMaxAttempts() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TidingsClient client = TidingsClient.builder("http://127.0.0.1:" + port + "/").token("t")
                .maxAttempts(4).sleeper(waits::add).build();
        TidingsException e = assertThrows(TidingsException.class, () -> client.state("n-1"));
        assertEquals(Kind.CONNECTION, e.kind());
        assertEquals(4, e.attempts());
        assertEquals(3, waits.size());
    }

    @Test
    void asksTheTokenSupplierOnEveryAttempt() {
        server.then(Answer.problem(503, "Service Unavailable", "x"), Answer.json(201, RECEIPTS));
        AtomicInteger n = new AtomicInteger();
        TidingsClient.builder(server.url()).token(() -> "token-" + n.incrementAndGet()).sleeper(waits::add).build().notify(order());
        assertEquals(List.of("Bearer token-1", "Bearer token-2"),
                server.requests().stream().map(r -> r.header("Authorization")).toList());
    }

    @Test
    void likeAndUnlikeUseTheLikesResourceWithEncodedSegments() {
        server.then(Answer.json(200, "{\"object\":\"post:42\",\"owner\":\"bob\",\"likes\":2,\"changed\":true,"
                + "\"notification\":{\"id\":\"n-9\",\"seq\":7}}"),
                Answer.json(200, "{\"object\":\"a b/c\",\"owner\":\"bob\",\"likes\":1,\"changed\":false,\"notification\":null}"));
        TidingsClient client = client().build();

        LikeResult liked = client.like("post:42", "alice@example.com", "bob", "your \"post\"");
        assertEquals(new LikeResult("post:42", "bob", 2, true, new Receipt("bob", "n-9", 7)), liked);
        assertEquals(Optional.of(new Receipt("bob", "n-9", 7)), liked.notificationReceipt());
        FakeTidings.Seen put = server.requests().get(0);
        assertEquals("PUT", put.method());
        assertEquals("/api/v1/objects/post:42/likes/alice@example.com", put.path());
        assertEquals(Map.of("owner", "bob", "title", "your \"post\""), Json.readObject(put.body()));

        LikeResult unliked = client.unlike("a b/c", "..");
        assertEquals(Optional.empty(), unliked.notificationReceipt());
        FakeTidings.Seen delete = server.requests().get(1);
        assertEquals("DELETE", delete.method());
        assertEquals("/api/v1/objects/a%20b%2Fc/likes/%2E%2E", delete.path());
    }

    @Test
    void stateReadsTheDeliveryAndReadState() {
        server.then(Answer.json(200, "{\"id\":\"n-1\",\"recipient\":\"bob\",\"type\":\"order\",\"seq\":4,\"state\":\"delivered\","
                + "\"createdAt\":\"2026-11-26T10:00:00.123Z\",\"deliveredAt\":\"2026-11-26T10:00:01Z\",\"readAt\":null}"));
        NotificationState state = client().build().state("n-1");
        assertEquals(new NotificationState("n-1", "bob", "order", 4, NotificationState.State.DELIVERED,
                Instant.parse("2026-11-26T10:00:00.123Z"), Instant.parse("2026-11-26T10:00:01Z"), null), state);
        assertEquals(Optional.empty(), state.read());
        assertEquals("/api/v1/notifications/n-1", server.requests().get(0).path());
        assertEquals("GET", server.requests().get(0).method());
    }

    @Test
    void anAnswerOfTheWrongShapeIsAnError() {
        server.then(Answer.json(201, "{\"notifications\":[{\"recipient\":\"bob\",\"id\":\"n-1\"}]}"),
                Answer.json(200, "not json"));
        TidingsException missing = assertThrows(TidingsException.class, () -> client().build().notify(order()));
        assertEquals(Kind.OTHER, missing.kind());
        assertTrue(missing.detail().contains("seq"), missing.detail());
        assertEquals(Kind.OTHER, assertThrows(TidingsException.class, () -> client().build().state("x")).kind());
    }

    @Test
    void anInterruptedWaitStopsAndKeepsTheInterrupt() {
        server.always(Answer.problem(503, "Service Unavailable", "x"));
        TidingsClient client = client().sleeper(d -> {
            throw new InterruptedException();
        }).build();
        try {
            TidingsException e = assertThrows(TidingsException.class, () -> client.notify(order()));
            assertEquals(Kind.INTERRUPTED, e.kind());
            assertTrue(Thread.currentThread().isInterrupted());
            assertEquals(1, server.requests().size());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void oneClientServesManyThreads() throws Exception {
        server.always(Answer.json(201, RECEIPTS));
        TidingsClient client = client().build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Published>> calls = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                calls.add(pool.submit(() -> client.notify(order())));
            }
            Set<String> keys = new HashSet<>();
            for (Future<Published> call : calls) {
                keys.add(call.get().idempotencyKey());
            }
            assertEquals(64, keys.size());
            assertEquals(64, server.requests().size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fromConfigReadsTheProperties() {
        server.then(Answer.problem(503, "Service Unavailable", "x"), Answer.problem(503, "Service Unavailable", "x"));
        Map<String, String> properties = Map.of("tidings.client.url", server.url().toString(),
                "tidings.client.token", "configured", "tidings.client.max-attempts", "2",
                "tidings.client.initial-backoff", "PT0.01S", "tidings.client.max-backoff", "PT0.02S",
                "tidings.client.request-timeout", "PT5S", "tidings.client.connect-timeout", "PT2S",
                "tidings.client.max-retry-wait", "PT1S");
        TidingsClient client = TidingsClient.fromConfig(name -> Optional.ofNullable(properties.get(name)));
        TidingsException e = assertThrows(TidingsException.class, () -> client.notify(order()));
        assertEquals(2, e.attempts(), "max-attempts was read");
        assertEquals("Bearer configured", server.requests().get(0).header("Authorization"));
    }

    @Test
    void fromConfigNamesTheMissingOrBadProperty() {
        Map<String, String> base = Map.of("tidings.client.url", "http://localhost:9080/", "tidings.client.token", "t");
        assertEquals("tidings.client.url is not set", assertThrows(IllegalArgumentException.class,
                () -> TidingsClient.fromConfig(name -> Optional.ofNullable(Map.of("tidings.client.token", "t").get(name)))).getMessage());
        assertEquals("tidings.client.token is not set", assertThrows(IllegalArgumentException.class,
                () -> TidingsClient.fromConfig(name -> Optional.ofNullable(Map.of("tidings.client.url", "http://x/").get(name)))).getMessage());
        for (Map.Entry<String, String> bad : Map.of("tidings.client.max-attempts", "0", "tidings.client.request-timeout", "10s",
                "tidings.client.connect-timeout", "PT0S", "tidings.client.max-retry-wait", "-PT1S",
                "tidings.client.url", "ftp://x/").entrySet()) {
            Map<String, String> properties = new java.util.HashMap<>(base);
            properties.put(bad.getKey(), bad.getValue());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TidingsClient.fromConfig(name -> Optional.ofNullable(properties.get(name))));
            assertTrue(e.getMessage().startsWith(bad.getKey()), e.getMessage());
        }
        // With a token supplier, no token property is needed.
        assertTrue(TidingsClient.fromConfig(name -> Optional.ofNullable(Map.of("tidings.client.url", "http://x/").get(name)),
                () -> "rotating") != null);
    }

    @Test
    void pathSegmentsAreEncoded() {
        assertEquals("post:42", TidingsClient.segment("post:42", "o"));
        assertEquals("a%2Fb%3Fc%23d%25", TidingsClient.segment("a/b?c#d%", "o"));
        assertEquals("%C3%A9", TidingsClient.segment("é", "o"));
        assertEquals("%2E", TidingsClient.segment(".", "o"));
        assertEquals("a.b", TidingsClient.segment("a.b", "o"));
        assertThrows(IllegalArgumentException.class, () -> TidingsClient.segment("", "o"));
    }

    @Test
    void retryAfterIsReadInSecondsOrAsADate() {
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60));
        server.then(Answer.json(200, "{}").with("Retry-After", "3"),
                Answer.json(200, "{}").with("Retry-After", inAMinute),
                Answer.json(200, "{}").with("Retry-After", "soon"));
        URI url = server.url();
        assertEquals(Optional.of(Duration.ofSeconds(3)), TidingsClient.retryAfter(get(url)));
        Duration untilDate = TidingsClient.retryAfter(get(url)).orElseThrow();
        assertTrue(untilDate.compareTo(Duration.ofSeconds(55)) > 0 && untilDate.compareTo(Duration.ofSeconds(60)) <= 0, untilDate.toString());
        assertEquals(Optional.empty(), TidingsClient.retryAfter(get(url)));
    }

    private static java.net.http.HttpResponse<String> get(URI url) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(url).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
