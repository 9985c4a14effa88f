package dev.tidings.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.AgainstTidings;
import dev.tidings.it.Api;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A publisher that floods is refused with 429 and Retry-After once its burst is spent, and a
 * refused publish writes nothing. The test server gives the publisher "flooder" a burst of 5 and
 * one publish every 5 s ({@code tidings.publish.burst.flooder}, {@code ….rate-per-second.flooder}).
 */
class RateLimitIT extends AgainstTidings {

    @Test
    void aFloodingPublisherIsRefused429WithRetryAfterAndWritesNothingMore() throws Exception {
        String flooder = api.token("flooder", "publisher");
        String recipient = Api.newUser("flooded");
        String otherApp = api.token(Api.newUser("calm-app"), "publisher");

        List<Integer> statuses = new ArrayList<>();
        List<String> retryAfter = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Api.Reply reply = api.publish(flooder, null, Api.notification("flood " + i, recipient).toString());
            statuses.add(reply.status());
            if (reply.status() == 429) {
                retryAfter.add(reply.header("Retry-After"));
                assertEquals("application/problem+json", reply.header("Content-Type").split(";")[0]);
            }
        }

        long accepted = statuses.stream().filter(s -> s == 201).count();
        assertTrue(accepted >= 5 && accepted <= 8, "the burst, plus what refilled meanwhile: " + statuses);
        assertEquals(20 - accepted, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
        assertTrue(retryAfter.stream().allMatch(s -> Integer.parseInt(s) >= 1 && Integer.parseInt(s) <= 5), retryAfter.toString());
        JsonObject inbox = api.poll(api.token(recipient), 0);
        assertEquals(accepted, inbox.getJsonArray("events").size(), "a refused publish writes nothing");

        assertEquals(201, api.publish(otherApp, null, Api.notification("calm", recipient).toString()).status(),
                "the limit is per publisher: another one is not slowed");
    }
}
