package dev.tidings.demo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.Api;
import dev.tidings.it.Deployments;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;

/**
 * The demo page in real headless Chromium, two browser contexts (two profiles): alice likes bob's
 * post in one, and bob's bell in the other, forced onto each transport in turn, shows it within
 * seconds; a second tab of bob's that marks everything read clears the first tab's badge.
 *
 * <p>Tidings is deployed under the context root {@code /social/tidings/} here, so the page and
 * tidings.js are also shown to work away from the server's root. Screenshots go to
 * {@code target/browser/}.
 */
@ExtendWith(ArquillianExtension.class)
class DemoBrowserIT {

    private static final String POST = "post:sourdough";
    private static final String TITLE = "your post “My first sourdough”";
    private static final Duration LIVE = Duration.ofSeconds(10);
    private static final Path SCREENSHOTS = Path.of("target", "browser");

    @Deployment(testable = false)
    static WebArchive deployment() {
        WebArchive war = Deployments.tidings();
        war.delete("WEB-INF/ibm-web-ext.xml");
        war.addAsWebInfResource(new StringAsset("""
                <web-ext xmlns="http://websphere.ibm.com/xml/ns/javaee" version="1.1">
                    <context-root uri="/social/tidings"/>
                </web-ext>
                """), "ibm-web-ext.xml");
        return war;
    }

    static Chromium bobsBrowser;
    static Chromium alicesBrowser;

    @ArquillianResource
    URL base;

    Api api;
    String publisher;

    @BeforeAll
    static void startBrowsers() {
        bobsBrowser = Chromium.start();
        alicesBrowser = Chromium.start();
    }

    @AfterAll
    static void stopBrowsers() {
        if (bobsBrowser != null) {
            bobsBrowser.close();
        }
        if (alicesBrowser != null) {
            alicesBrowser.close();
        }
    }

    /** Bob's post unliked and his inbox all read, whatever an earlier test or run left behind. */
    @BeforeEach
    void startFromNoLikes() throws Exception {
        assertEquals("/social/tidings/", base.getPath(), "deployed under a context root of its own");
        api = new Api(base.toURI());
        publisher = api.token("demo-social-app", "publisher");
        for (String actor : List.of("alice", "carol")) {
            int status = api.send(api.request("api/v1/objects/" + POST + "/likes/" + actor, publisher).DELETE()).status();
            if (status != 200 && status != 404) {
                throw new AssertionError("could not unlike as " + actor + ": " + status);
            }
        }
        api.post("api/v1/inbox/read", api.token("bob"), "{\"all\":true}").expect(200);
    }

    @AfterEach
    void closeExtraTabs() {
        WebDriver driver = bobsBrowser.driver;
        List<String> tabs = List.copyOf(driver.getWindowHandles());
        for (String tab : tabs.subList(1, tabs.size())) {
            driver.switchTo().window(tab).close();
        }
        driver.switchTo().window(tabs.get(0));
    }

    @ParameterizedTest(name = "bob on {0}")
    @ValueSource(strings = {"websocket", "sse", "stream", "longpoll", "poll"})
    void aLikeReachesTheAuthorsBellLiveAndReadingInAnotherTabClearsIt(String transport) throws Exception {
        WebDriver bob = bobsBrowser.driver;
        WebDriver alice = alicesBrowser.driver;
        signIn(bob, "bob", transport);
        signIn(alice, "alice", "auto");
        assertEquals("0", badge(bob));

        alice.findElement(By.cssSelector("button[data-like='" + POST + "']")).click();
        until(bob, () -> bellShows(bob, "alice liked " + TITLE));
        assertEquals("1", badge(bob));

        // A second like updates the same notification in place: one entry, a new text, still one unread.
        likeAs("carol");
        until(bob, () -> bellShows(bob, "carol and alice liked " + TITLE));
        assertEquals(1, bell(bob).stream().filter(text -> text.contains(TITLE)).count(), "aggregated in place");
        assertEquals("1", badge(bob));
        assertEquals(transport, status(bob).getAttribute("data-transport"), "still on the forced transport");
        screenshot(bob, "demo-" + transport + ".png");

        // tidings.js acknowledges what it received (over the WebSocket, else POST /inbox/ack):
        // the publisher sees the like notification as delivered.
        String id = (String) ((JavascriptExecutor) bob).executeScript(
                "return document.querySelector('#notifications li.unread').dataset.id");
        until(bob, () -> "delivered".equals(state(id)));

        // Another tab of bob's marks everything read; the first tab's badge drops.
        String firstTab = bob.getWindowHandle();
        bob.switchTo().newWindow(WindowType.TAB);
        signIn(bob, "bob", "auto");
        assertEquals("1", badge(bob));
        bob.findElement(By.id("mark-all")).click();
        until(bob, () -> "0".equals(badge(bob)));
        bob.switchTo().window(firstTab);
        until(bob, () -> "0".equals(badge(bob)));
        assertEquals(0, bob.findElements(By.cssSelector("#notifications li.unread")).size());
        assertEquals("read", state(id));
    }

    @Test
    void eventsMissedWhileDisconnectedArriveOnceAfterReconnecting() {
        WebDriver bob = bobsBrowser.driver;
        signIn(bob, "bob", "auto");
        bob.findElement(By.id("pause")).click();
        until(bob, () -> "closed".equals(status(bob).getAttribute("data-state")));

        likeAs("alice");
        likeAs("carol");
        assertEquals("0", badge(bob), "nothing arrives while disconnected");

        bob.findElement(By.id("pause")).click();
        until(bob, () -> bellShows(bob, "carol and alice liked " + TITLE));
        assertEquals("1", badge(bob));
        List<String> received = bob.findElement(By.id("events")).getText().lines()
                .filter(line -> line.matches(".*\\bseq \\d+ (created|updated|retracted|read)\\b.*"))
                .map(line -> line.replaceAll(".*\\bseq (\\d+) (\\w+).*", "$2 $1"))
                .toList();
        assertEquals(2, received.size(), "the two missed events, once each: " + received);
        assertTrue(received.get(0).startsWith("updated") && received.get(1).startsWith("created"), "newest first: " + received);
        long created = Long.parseLong(received.get(1).split(" ")[1]);
        assertEquals("updated " + (created + 1), received.get(0), "consecutive seqs");
    }

    @Test
    void fallsBackToStreamingWhenWebSocketAndEventSourceAreBlocked() {
        // A browser behind a proxy that refuses WebSocket upgrades and event streams.
        try (Chromium blocked = Chromium.start()) {
            blockInPage(blocked.driver, "WebSocket", "EventSource");
            WebDriver bob = blocked.driver;
            signIn(bob, "bob", "auto");
            assertEquals("stream", status(bob).getAttribute("data-transport"));
            List<String> log = bob.findElement(By.id("events")).getText().lines().toList();
            assertTrue(log.stream().anyMatch(line -> line.endsWith("connecting websocket")), String.join("\n", log));
            assertTrue(log.stream().anyMatch(line -> line.endsWith("connecting sse")), String.join("\n", log));

            likeAs("alice");
            until(bob, () -> bellShows(bob, "alice liked " + TITLE));
            assertEquals("1", badge(bob));
        }
    }

    @Test
    void whileTheServerIsUnreachableTheClientWaitsOnItsTransportInsteadOfFallingBack() {
        try (Chromium browser = Chromium.start()) {
            ChromeDriver bob = browser.driver;
            blockInPage(bob);
            signIn(bob, "bob", "auto");
            assertEquals("websocket", status(bob).getAttribute("data-transport"));
            bob.findElement(By.id("pause")).click();
            until(bob, () -> "closed".equals(status(bob).getAttribute("data-state")));

            // Every connection to Tidings fails, as if the server were down; then reconnect.
            bob.executeScript("window.tidingsTestBlocked = new Set(['WebSocket', 'EventSource', 'fetch'])");
            bob.findElement(By.id("pause")).click();
            until(bob, () -> log(bob).stream().filter(line -> line.contains("reconnecting websocket")).count() >= 3);
            likeAs("alice");

            bob.executeScript("window.tidingsTestBlocked.clear()");
            until(bob, () -> bellShows(bob, "alice liked " + TITLE));
            assertEquals("websocket", status(bob).getAttribute("data-transport"));
            assertTrue(log(bob).stream().noneMatch(line -> line.matches(".*connecting (sse|stream|longpoll|poll)$")),
                    String.join("\n", log(bob)));
        }
    }

    /**
     * Makes the page's {@code WebSocket}, {@code EventSource} and {@code fetch} fail while their
     * names are in {@code window.tidingsTestBlocked} (at first: {@code blocked}), as a proxy that
     * refuses them, or a network that is down, would.
     */
    private static void blockInPage(ChromeDriver driver, String... blocked) {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                (() => {
                  window.tidingsTestBlocked = new Set(%s);
                  const blocked = (name) => window.tidingsTestBlocked.has(name);
                  const failing = (handler, event) => {
                    const fake = { readyState: 3, send() {}, close() {}, addEventListener() {} };
                    setTimeout(() => fake[handler]?.(event), 20);
                    return fake;
                  };
                  const RealWebSocket = window.WebSocket;
                  window.WebSocket = function (url, protocols) {
                    return blocked("WebSocket") ? failing("onclose", { code: 1006, reason: "" }) : new RealWebSocket(url, protocols);
                  };
                  Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
                  const RealEventSource = window.EventSource;
                  window.EventSource = function (url, options) {
                    if (!blocked("EventSource")) return new RealEventSource(url, options);
                    const fake = failing("onerror", new Event("error"));
                    fake.readyState = 2;
                    return fake;
                  };
                  Object.assign(window.EventSource, { CONNECTING: 0, OPEN: 1, CLOSED: 2 });
                  const realFetch = window.fetch.bind(window);
                  window.fetch = (...args) => blocked("fetch") ? Promise.reject(new TypeError("Failed to fetch")) : realFetch(...args);
                })();
                """.formatted(toJsArray(blocked))));
    }

    private static String toJsArray(String... values) {
        return Arrays.stream(values).map(v -> "'" + v + "'").collect(Collectors.joining(",", "[", "]"));
    }

    private static List<String> log(WebDriver driver) {
        return driver.findElement(By.id("events")).getText().lines().toList();
    }

    private void signIn(WebDriver driver, String user, String transport) {
        driver.get(base + "demo.html?user=" + user + "&transport=" + transport);
        until(driver, () -> "open".equals(status(driver).getAttribute("data-state")));
        if (!"auto".equals(transport)) {
            assertEquals(transport, status(driver).getAttribute("data-transport"));
        }
        // The listing is shown before the transport opens; the test may read the bell from here on.
    }

    /** Waits for {@code condition}; if it never holds, the failure shows what the page saw. */
    private static void until(WebDriver driver, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(LIVE).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n--- the page's status: " + status(driver).getText()
                    + "\n--- its error: " + driver.findElement(By.id("error")).getAttribute("textContent")
                    + "\n--- its event log, newest first:\n" + driver.findElement(By.id("events")).getText()
                    + "\n--- the browser's console:\n" + console(driver), e);
        }
    }

    private static String console(WebDriver driver) {
        try {
            return String.join("\n", driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(Object::toString).toList());
        } catch (RuntimeException e) {
            return "(not available: " + e.getMessage() + ")";
        }
    }

    private void likeAs(String actor) {
        api.send(api.request("api/v1/objects/" + POST + "/likes/" + actor, publisher)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"owner\":\"bob\",\"title\":\"" + TITLE + "\"}"))).expect(200);
    }

    private String state(String notificationId) {
        return api.get("api/v1/notifications/" + notificationId, publisher).expect(200).json().getString("state");
    }

    private static WebElement status(WebDriver driver) {
        return driver.findElement(By.id("status"));
    }

    /** The badge's count, read in one go with whether it shows: shown exactly when not 0. */
    private static String badge(WebDriver driver) {
        @SuppressWarnings("unchecked")
        Map<String, Object> badge = (Map<String, Object>) ((JavascriptExecutor) driver).executeScript(
                "const b = document.getElementById('badge'); return {count: b.textContent, shown: b.checkVisibility()};");
        String count = (String) badge.get("count");
        boolean shown = Boolean.TRUE.equals(badge.get("shown"));
        if (shown == "0".equals(count)) {
            throw new AssertionError("the badge is " + (shown ? "shown" : "hidden") + " with " + count);
        }
        return count;
    }

    /** The texts of the bell's entries, newest first, read in one go (the list is re-rendered on events). */
    @SuppressWarnings("unchecked")
    private static List<String> bell(WebDriver driver) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('#notifications li')].map(li => li.innerText);");
    }

    private static boolean bellShows(WebDriver driver, String text) {
        return bell(driver).stream().anyMatch(entry -> entry.startsWith(text));
    }

    private static void screenshot(WebDriver driver, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        Path png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        System.out.println("screenshot: " + SCREENSHOTS.resolve(name).toAbsolutePath());
    }
}
