package dev.tidings.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.live.LiveClient;
import dev.tidings.it.live.Transport;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two Tidings servers on one PostgreSQL, with HAProxy in front as docs/scale-out.md configures it
 * (docs/scale-out/haproxy.cfg): A is Arquillian's server, B a second one this test starts. Runs in
 * the PostgreSQL run of the suite only ({@link PostgresqlSuite}); needs {@code haproxy}.
 */
@ExtendWith(ArquillianExtension.class)
@EnabledIfSystemProperty(named = PostgresqlSuite.SWITCH, matches = "true",
        disabledReason = "several servers need PostgreSQL: ClusterIT runs in the pom's postgresql execution")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    /**
     * The settings of the Arquillian server (arquillian.xml), for B too, but for one: B catches up
     * on a timer only every ten minutes, so what reaches B's connections within a test reached it
     * by the notification; A catches up every 2 seconds, which {@link #aLostWakeUpCostsLatencyNotTheEvent} tests.
     */
    static final String TEST_SETTINGS = "-Dtidings.inbox.retained-events=100 -Dtidings.inbox.purge-interval-seconds=1 "
            + "-Dtidings.longpoll.timeout-seconds=10 -Dtidings.delivery.heartbeat-seconds=1 -Dtidings.delivery.buffer-events=256 "
            + "-Dtidings.publish.rate-per-second=1000 -Dtidings.publish.burst=2000 -Dtidings.cluster.catch-up-seconds=600";
    static final Path FIRST = Path.of(System.getProperty("tidings.server.dir", "target/liberty/wlp/usr/servers/tidings-pg-it"));
    static final SecondServer B = new SecondServer(System.getProperty("tidings.second.server.name", "tidings-pg-b"),
            Integer.getInteger("tidings.second.http.port", 9381));

    static final int STATS_PORT = 9391;
    private static boolean bStarted;
    private static Process proxy;
    private static URI proxied;

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return Deployments.tidings();
    }

    @ArquillianResource
    URL a;

    private final List<LiveClient> clients = new ArrayList<>();

    @BeforeEach
    void startTheSecondServerAndTheProxy() throws Exception {
        if (!bStarted) {
            B.configureLike(FIRST, TEST_SETTINGS);
            B.start();
            bStarted = true;
        }
        if (proxy == null) {
            Path haproxy = Requirements.command("haproxy");
            int port = 9390;
            // The documented configuration, and for the test only, HAProxy's view of its servers.
            Path stats = Path.of("target/haproxy-stats.cfg");
            Files.writeString(stats, """
                    listen stats
                        bind 127.0.0.1:%d
                        stats enable
                        stats uri /
                    """.formatted(STATS_PORT));
            ProcessBuilder builder = new ProcessBuilder(haproxy.toString(), "-db", "-f", "docs/scale-out/haproxy.cfg",
                    "-f", stats.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(Path.of("target/haproxy.log").toFile());
            builder.environment().put("TIDINGS_PROXY_BIND", "127.0.0.1:" + port);
            builder.environment().put("TIDINGS_SERVER_A", "127.0.0.1:" + a.getPort());
            builder.environment().put("TIDINGS_SERVER_B", "127.0.0.1:" + B.base().getPort());
            proxy = builder.start();
            proxied = URI.create("http://localhost:" + port + "/");
            HttpClient http = HttpClient.newHttpClient();
            await("HAProxy up with both servers").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> http.send(HttpRequest.newBuilder(proxied.resolve("health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(LiveClient::close);
        clients.clear();
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (proxy != null) {
            proxy.destroy();
            proxy.waitFor(10, TimeUnit.SECONDS);
        }
        if (bStarted) {
            B.stop();
            B.undeploy();
        }
    }

    private LiveClient open(Transport transport, URI server, String token, long after) throws Exception {
        LiveClient client = transport.client(server, token);
        clients.add(client);
        return client.open(after);
    }

    private static long seq(JsonObject published) {
        return published.getJsonArray("notifications").getJsonObject(0).getJsonNumber("seq").longValue();
    }

    @Order(1)
    @ParameterizedTest
    @EnumSource(Transport.class)
    void aNotificationPublishedOnOneServerReachesSubscribersOnTheOther(Transport transport) throws Exception {
        Api onA = new Api(a.toURI());
        Api onB = new Api(B.base());
        String publisher = onA.token(Api.newUser("shop"), "publisher");
        String bob = Api.newUser("bob");
        LiveClient atB = open(transport, B.base(), onA.token(bob), 0);
        LiveClient atA = open(transport, a.toURI(), onA.token(bob), 0);

        long first = seq(onA.notify(publisher, "published on A", bob));
        long second = seq(onB.notify(publisher, "published on B", bob));

        assertEquals(List.of(first, second), atB.awaitEvents(2).stream().map(e -> e.getJsonNumber("seq").longValue()).toList(),
                "B's connection got A's commit and its own, in order");
        assertEquals(List.of(1L, 2L), atA.awaitEvents(2).stream().map(e -> e.getJsonNumber("seq").longValue()).toList(),
                "A's connection got B's commit too");
        assertEquals("published on A", atB.events().get(0).getJsonObject("notification").getString("title"));
        assertEquals("published on B", atA.events().get(1).getJsonObject("notification").getString("title"));
    }

    @Order(2)
    @Test
    void readingOnOneServerClearsTheBadgeOfATabOnTheOther() throws Exception {
        Api onA = new Api(a.toURI());
        Api onB = new Api(B.base());
        String publisher = onA.token(Api.newUser("shop"), "publisher");
        String carol = Api.newUser("carol");
        String id1 = onA.notify(publisher, "one", carol).getJsonArray("notifications").getJsonObject(0).getString("id");
        String id2 = onA.notify(publisher, "two", carol).getJsonArray("notifications").getJsonObject(0).getString("id");
        LiveClient tabOnA = open(Transport.SSE, a.toURI(), onA.token(carol), 0);
        assertEquals(2, tabOnA.awaitEvents(2).get(1).getInt("unread"), "two unread before");

        onB.post("api/v1/inbox/read", onB.token(carol), "{\"ids\":[\"" + id1 + "\",\"" + id2 + "\"]}").expect(200);

        JsonObject read = tabOnA.awaitEvents(3).get(2);
        assertEquals("read", read.getString("kind"));
        assertEquals(0, read.getInt("unread"), "the badge on A's tab is cleared by the read on B");
    }

    @Order(2)
    @Test
    void aLikeOnOneServerUpdatesTheOwnersBellOnTheOther() throws Exception {
        Api onA = new Api(a.toURI());
        Api onB = new Api(B.base());
        String owner = Api.newUser("hana");
        String post = "post-" + UUID.randomUUID();
        LiveClient bell = open(Transport.WEBSOCKET, a.toURI(), onA.token(owner), 0);
        for (String actor : List.of(Api.newUser("ivy"), Api.newUser("jon"))) {
            onB.send(onB.request("api/v1/objects/" + post + "/likes/" + actor, onB.token(actor))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"owner\":\"" + owner + "\",\"title\":\"your post\"}")))
                    .expect(200);
        }
        List<JsonObject> events = bell.awaitEvents(2);
        assertEquals(List.of("created", "updated"), events.stream().map(e -> e.getString("kind")).toList(),
                "the likes made on B reach the owner's bell on A: created, then revised in place");
        assertEquals(2, events.get(1).getJsonObject("notification").getInt("count", -1),
                "two likers: " + events.get(1));
    }

    /**
     * A commit whose notification never came (written here straight into the log, as a server
     * that died between its commit and PostgreSQL's delivery of the notification would leave it):
     * A's periodic catch-up finds it in the log and delivers it.
     */
    @Order(2)
    @Test
    void aLostWakeUpCostsLatencyNotTheEvent() throws Exception {
        Api onA = new Api(a.toURI());
        String publisher = onA.token(Api.newUser("shop"), "publisher");
        String gus = Api.newUser("gus");
        String id = onA.notify(publisher, "one", gus).getJsonArray("notifications").getJsonObject(0).getString("id");
        LiveClient tab = open(Transport.SSE, a.toURI(), onA.token(gus), 0);
        tab.awaitEvents(1);

        PostgresCluster database = PostgresqlSuite.cluster();
        database.psql(PostgresCluster.DATABASE, "BEGIN; "
                + "UPDATE tidings_notification SET read_at = now() WHERE id = '" + id + "'; "
                + "UPDATE tidings_inbox SET last_seq = 2, unread_count = 0 WHERE user_id = '" + gus + "'; "
                + "INSERT INTO tidings_inbox_event (user_id, seq, kind, notification_id, unread_count, payload, created_at) "
                + "VALUES ('" + gus + "', 2, 'read', '" + id + "', 0, "
                + "'{\"seq\":2,\"kind\":\"read\",\"unread\":0,\"ids\":[\"" + id + "\"]}', now()); COMMIT;");

        JsonObject read = tab.awaitEvents(2).get(1);
        assertEquals(2, read.getJsonNumber("seq").longValue(), "the event nobody announced arrives");
        assertEquals("read", read.getString("kind"));
    }

    @Order(3)
    @Test
    void throughTheProxyEveryClientGetsEveryEventWhicheverServerItLandsOn() throws Exception {
        awaitBothServersUpBehindTheProxy();
        Api viaProxy = new Api(proxied);
        String publisher = viaProxy.token(Api.newUser("shop"), "publisher");
        String dana = Api.newUser("dana");
        List<LiveClient> tabs = new ArrayList<>();
        for (Transport transport : Transport.values()) {
            for (int i = 0; i < 2; i++) {
                tabs.add(open(transport, proxied, viaProxy.token(dana), 0));
            }
        }
        for (int i = 1; i <= 10; i++) {
            viaProxy.notify(publisher, "via the proxy " + i, dana);
        }
        for (LiveClient tab : tabs) {
            assertEquals(LongStream.rangeClosed(1, 10).boxed().toList(),
                    tab.awaitEvents(10).stream().map(e -> e.getJsonNumber("seq").longValue()).toList(),
                    "every tab, on whichever server, gets 1..10 once, in order");
        }
        assertTrue(connections(a.toURI()) > 0 && connections(B.base()) > 0,
                "the proxy spread the tabs over both servers (A " + connections(a.toURI()) + ", B " + connections(B.base()) + ")");
    }

    /** Waits until HAProxy counts both servers up (after a server or the database was down). */
    private static void awaitBothServersUpBehindTheProxy() {
        HttpClient http = HttpClient.newHttpClient();
        await("HAProxy sees A and B up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> {
                    String csv = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + STATS_PORT + "/;csv")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    return csv.lines().filter(line -> line.startsWith("tidings_servers,a,") || line.startsWith("tidings_servers,b,"))
                            .filter(line -> line.contains(",UP,")).count() == 2;
                });
    }

    private static int connections(URI server) throws Exception {
        HttpResponse<String> live = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.resolve("health/live")).build(),
                HttpResponse.BodyHandlers.ofString());
        var matcher = java.util.regex.Pattern.compile("\"connections\"\\s*:\\s*(\\d+)").matcher(live.body());
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    /**
     * SIGKILL of B while clients are connected to it through the proxy and a publisher calls
     * through the proxy: B's clients reconnect through the proxy (to A) from their cursor and miss
     * nothing; a publish whose answer was lost is retried with its Idempotency-Key and lands once.
     */
    @Order(5)
    @Test
    void killingOneServerLosesNothingAcknowledgedAndItsClientsResumeOnTheOther() throws Exception {
        awaitBothServersUpBehindTheProxy(); // the outage before made both not ready for a while
        Api viaProxy = new Api(proxied);
        String publisher = viaProxy.token(Api.newUser("shop"), "publisher");
        List<String> users = new ArrayList<>();
        Map<String, List<Long>> seen = new ConcurrentHashMap<>();
        Map<String, LiveClient> current = new ConcurrentHashMap<>();
        for (int i = 0; i < 8; i++) {
            String user = Api.newUser("erin" + i);
            users.add(user);
            seen.put(user, new java.util.concurrent.CopyOnWriteArrayList<>());
            current.put(user, open(i % 2 == 0 ? Transport.SSE : Transport.WEBSOCKET, proxied, viaProxy.token(user), 0));
        }
        assertTrue(connections(B.base()) > 0, "some clients are on B");

        AtomicBoolean publishing = new AtomicBoolean(true);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread publisherThread = new Thread(() -> {
            int n = 0;
            while (publishing.get()) {
                try {
                    Thread.sleep(100); // about ten a second: the test server retains 100 events per user
                } catch (InterruptedException e) {
                    return;
                }
                String key = "failover-" + n++;
                String body = Api.notification(key, users).toString();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (true) {
                    try {
                        Api.Reply reply = viaProxy.publish(publisher, key, body);
                        if (reply.status() == 201 || reply.status() == 200) {
                            acknowledged.add(key);
                            break;
                        }
                    } catch (RuntimeException lost) {
                        // the answer was lost with the server: the same key again
                    }
                    if (System.nanoTime() > deadline) {
                        failures.add(new AssertionError("publish " + key + " never acknowledged"));
                        return;
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "failover-publisher");
        publisherThread.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 10);

        B.kill();
        long killedAt = System.nanoTime();
        // Clients whose server died reconnect through the proxy from the last seq they saw.
        await("every client of B resumed elsewhere").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            boolean all = true;
            for (String user : users) {
                LiveClient client = current.get(user);
                if (client.closedByServer()) {
                    List<Long> sofar = seqsOf(seen.get(user), client);
                    long last = sofar.isEmpty() ? 0 : sofar.get(sofar.size() - 1);
                    seen.get(user).clear();
                    seen.get(user).addAll(sofar);
                    try {
                        Transport transport = users.indexOf(user) % 2 == 0 ? Transport.SSE : Transport.WEBSOCKET;
                        current.put(user, open(transport, proxied, viaProxy.token(user), last));
                    } catch (Exception notYet) {
                        all = false;
                    }
                }
            }
            return all;
        });
        long resumedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        Thread.sleep(2000);
        publishing.set(false);
        publisherThread.join(TimeUnit.SECONDS.toMillis(90));
        assertTrue(failures.isEmpty(), failures.toString());
        int published = acknowledged.size();

        for (String user : users) {
            LiveClient client = current.get(user);
            await(user + " has every acknowledged event").atMost(Duration.ofSeconds(30))
                    .until(() -> seqsOf(seen.get(user), client).size() >= published);
            List<Long> all = seqsOf(seen.get(user), client);
            assertEquals(LongStream.rangeClosed(1, all.size()).boxed().toList(), all,
                    user + ": seqs 1..n, none lost, none twice, in order, across the failover");
            JsonObject page = viaProxy.poll(viaProxy.token(user), 0);
            Set<String> titles = new HashSet<>();
            List<JsonObject> events = page.getJsonArray("events").getValuesAs(JsonObject.class);
            for (JsonObject event : events) {
                assertTrue(titles.add(event.getJsonObject("notification").getString("title")),
                        user + ": each publish lands once, retries included");
            }
            assertTrue(titles.containsAll(acknowledged), user + ": everything acknowledged is in the log");
        }
        System.out.printf("ClusterIT: SIGKILL of B; %d publishes acknowledged; every client of B resumed within %d ms%n",
                published, resumedMillis);
    }

    /** Seqs seen before the current client (kept across reconnects) and by it, deduplicated by the client rule. */
    private static List<Long> seqsOf(List<Long> before, LiveClient client) {
        List<Long> all = new ArrayList<>(before);
        long last = all.isEmpty() ? 0 : all.get(all.size() - 1);
        for (long seq : client.seqs()) {
            if (seq > last) {
                all.add(seq);
                last = seq;
            }
        }
        return all;
    }

    /**
     * With PostgreSQL stopped: publishes are refused 503 with Retry-After and write nothing,
     * readiness is DOWN, live connections stay open; when it is back, everything resumes with no
     * restart, and the live connection gets what is published then.
     */
    @Order(4)
    @Test
    void whileTheDatabaseIsDownPublishesAreRefusedAndLiveConnectionsStay() throws Exception {
        Api onA = new Api(a.toURI());
        String publisher = onA.token(Api.newUser("shop"), "publisher");
        String frank = Api.newUser("frank");
        LiveClient tab = open(Transport.SSE, a.toURI(), onA.token(frank), 0);
        LiveClient otherTab = open(Transport.WEBSOCKET, B.base(), onA.token(frank), 0);
        onA.notify(publisher, "before the outage", frank);
        tab.awaitEvents(1);
        otherTab.awaitEvents(1);

        PostgresCluster database = PostgresqlSuite.cluster();
        assertNotNull(database, "the PostgreSQL run has a cluster");
        Path messages = FIRST.resolve("logs/messages.log");
        long logFrom = Files.size(messages);
        database.pause();
        try {
            Api.Reply refused = null;
            for (int i = 0; i < 5; i++) {
                refused = onA.publish(publisher, UUID.randomUUID().toString(),
                        Api.notification("during the outage", frank).toString());
                assertEquals(503, refused.status(), refused.body());
            }
            String outageLog = Files.readString(messages).substring((int) logFrom);
            assertEquals(1, outageLog.split("database unavailable", -1).length - 1,
                    "five refusals, one report in messages.log (not a stack trace each):\n" + outageLog);
            assertNotNull(refused.header("Retry-After"), "a 503 says when to retry");
            assertTrue(refused.header("Content-Type").startsWith("application/problem+json"));
            assertFalse(refused.body().contains("Exception"), "no stack trace or exception name reaches the client");
            HttpResponse<String> ready = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(a.toURI().resolve("health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, ready.statusCode(), "not ready without its database: " + ready.body());
            int beats = tab.heartbeatCount();
            await("the live connection still beats").atMost(Duration.ofSeconds(10)).until(() -> tab.heartbeatCount() > beats);
            assertFalse(tab.closedByServer() || otherTab.closedByServer(), "live connections stay open");
        } finally {
            database.resume();
        }
        await("publishing works again, without a restart").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> onA.publish(publisher, UUID.randomUUID().toString(),
                        Api.notification("after the outage", frank).toString()).status() == 201);
        assertEquals("after the outage", tab.awaitEvents(2).get(1).getJsonObject("notification").getString("title"));
        assertEquals("after the outage", otherTab.awaitEvents(2).get(1).getJsonObject("notification").getString("title"),
                "B's connection, on a server whose listener lost the database too, gets it");
        List<JsonObject> log = onA.poll(onA.token(frank), 0).getJsonArray("events").getValuesAs(JsonObject.class);
        assertEquals(List.of("before the outage", "after the outage"),
                log.stream().map(e -> e.getJsonObject("notification").getString("title")).toList(),
                "the refused publish wrote nothing");
    }
}
