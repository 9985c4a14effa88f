package dev.tidings.client.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tidings.client.LikeResult;
import dev.tidings.client.Notification;
import dev.tidings.client.NotificationState;
import dev.tidings.client.Published;
import dev.tidings.client.Receipt;
import dev.tidings.client.TidingsClient;
import dev.tidings.client.TidingsException;
import dev.tidings.it.Api;
import dev.tidings.it.Deployments;
import dev.tidings.it.TestTokens;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The documented CDI producer in a real Jakarta EE application: the client jar in WEB-INF/lib, its
 * settings in the application's microprofile-config.properties, {@link TidingsClientProducer}, and a
 * servlet that injects the client and publishes with it. (The application here is Tidings' own WAR
 * with these added, so it publishes to itself.)
 */
@ExtendWith(ArquillianExtension.class)
class PublisherClientCdiIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        // Arquillian has started the server by now, so its signing key exists.
        String token = new TestTokens().valid("cdi-app", Duration.ofHours(2), "publisher");
        String url = "http://localhost:" + System.getProperty("tidings.http.port", "9180") + "/";
        JavaArchive client = ShrinkWrap.create(JavaArchive.class, "tidings-client.jar")
                .addClasses(TidingsClient.class, Notification.class, Published.class, Receipt.class, LikeResult.class,
                        NotificationState.class, TidingsException.class)
                .addClass("dev.tidings.client.Json");
        return Deployments.tidings()
                .addAsLibrary(client)
                .addClasses(TidingsClientProducer.class, ClientCheckServlet.class)
                .addAsResource(new StringAsset("tidings.client.url=" + url + "\n"
                        + "tidings.client.token=" + token + "\n"
                        + "tidings.client.max-attempts=3\n"), "META-INF/microprofile-config.properties");
    }

    @ArquillianResource
    URL base;

    @Test
    void anInjectedClientConfiguredFromMicroProfileConfigPublishes() throws Exception {
        Api api = new Api(base.toURI());
        String carol = Api.newUser("carol");
        Api.Reply reply = api.send(api.request("client-check?to=" + carol, null)
                .POST(HttpRequest.BodyPublishers.noBody()));
        reply.expect(200);

        List<JsonObject> events = api.poll(api.token(carol), 0).getJsonArray("events").getValuesAs(JsonObject.class);
        assertEquals(1, events.size());
        JsonObject notification = events.get(0).getJsonObject("notification");
        assertEquals(reply.body(), notification.getString("id"));
        assertEquals("sent by an injected client", notification.getString("title"));
    }
}
