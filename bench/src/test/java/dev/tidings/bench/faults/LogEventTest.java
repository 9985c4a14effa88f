package dev.tidings.bench.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A user's log as the transports carry it: poll answers, SSE data lines, WebSocket messages. */
class LogEventTest {

    @Test
    void aPollAnswersEventsInOrder() {
        String answer = "{\"events\":[{\"seq\":1,\"kind\":\"created\",\"unread\":1,\"notification\":{\"id\":\"n1\",\"type\":\"fault\","
                + "\"group\":null,\"title\":\"crash-x \\\"quoted\\\"\",\"body\":null,\"data\":{\"run\":1}}},"
                + "{\"seq\":2,\"kind\":\"read\",\"unread\":0,\"ids\":[\"n1\"]},{\"kind\":\"reset\",\"seq\":40}],\"cursor\":40,\"more\":false}";
        assertEquals(List.of(new LogEvent(1, "created", "n1", "crash-x \"quoted\""), new LogEvent(2, "read", null, null),
                new LogEvent(40, "reset", null, null)), LogEvent.parse(answer));
        assertEquals(true, LogEvent.parse(answer).get(2).isReset());
    }

    @Test
    void aMessageOrLineHoldsOneEventOrNone() {
        assertEquals(List.of(new LogEvent(5, "updated", "n3", "t")),
                LogEvent.parse("{\"seq\":5,\"kind\":\"updated\",\"unread\":2,\"notification\":{\"id\":\"n3\",\"title\":\"t\"}}"));
        for (String none : List.of("{\"kind\":\"connected\",\"seq\":0,\"kinds\":[\"created\"]}", "{\"kind\":\"heartbeat\"}",
                "{\"kind\":\"ok\",\"type\":\"ack\",\"seq\":9}", "{\"kind\":\"stopping\",\"retry\":2345}", "{\"events\":[],\"cursor\":0}")) {
            assertEquals(List.of(), LogEvent.parse(none), none);
        }
    }

    @Test
    void notJsonIsRefused() {
        assertThrows(JsonException.class, () -> LogEvent.parse("{\"seq\":1,\"kind\":\"created\""));
    }
}
