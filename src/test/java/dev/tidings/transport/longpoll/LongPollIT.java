package dev.tidings.transport.longpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.Api;
import dev.tidings.it.live.LiveTransportContract;
import dev.tidings.it.live.Transport;
import jakarta.json.JsonObject;
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

        JsonObject answer = api.get("api/v1/inbox/longpoll?after=1", api.token(ida)).expect(200).json();

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
}
