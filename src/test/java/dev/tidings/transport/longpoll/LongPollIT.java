package dev.tidings.transport.longpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.Api;
import dev.tidings.it.live.LiveTransportContract;
import dev.tidings.it.live.Transport;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Long polling against a real Liberty; the test server's long-poll timeout is 10 s. */
@ExtendWith(ArquillianExtension.class)
class LongPollIT extends LiveTransportContract {

    @Override
    protected Transport transport() {
        return Transport.LONG_POLL;
    }

    @Test
    void anIdleLongPollAnswersAtItsTimeoutWithNoEventsAndTheSameCursor() {
        String ida = Api.newUser("ida");
        publish(ida, "already seen");

        String token = api.token(ida);
        long start = System.nanoTime();
        JsonObject answer = api.get("api/v1/inbox/longpoll?after=1", token).expect(200).json();
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        // Held until the timeout (10 s on the test server), not answered at once; the upper bound is loose.
        assertTrue(waited.compareTo(Duration.ofSeconds(9)) >= 0, "answered after " + waited.toMillis() + " ms");
        assertTrue(waited.compareTo(Duration.ofSeconds(60)) < 0, "answered after " + waited.toMillis() + " ms");
        assertTrue(answer.getJsonArray("events").isEmpty());
        assertEquals(1, answer.getInt("cursor"));
        assertEquals(1, answer.getInt("unread"));
    }

    @Test
    void aLongPollWithEventsWaitingAnswersAtOnceWithAllOfThem() {
        String jon = Api.newUser("jon");
        publish(jon, "one");
        publish(jon, "two");

        JsonObject answer = api.get("api/v1/inbox/longpoll?after=0", api.token(jon)).expect(200).json();

        assertEquals(2, answer.getJsonArray("events").size());
        assertEquals(2, answer.getInt("cursor"));
    }

    @Test
    void clientsGoneBeforeTheAnswerKeepNoPlace() throws Exception {
        clientsGoneBeforeTheAnswerKeepNoPlace("api/v1/inbox/longpoll");
    }
}
