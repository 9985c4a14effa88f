package dev.tidings.transport.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.Api;
import dev.tidings.it.live.LiveTransportContract;
import dev.tidings.it.live.Transport;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Server-Sent Events against a real Liberty: the bytes on the wire, and resuming by Last-Event-ID. */
@ExtendWith(ArquillianExtension.class)
class SseIT extends LiveTransportContract {

    @Override
    protected Transport transport() {
        return Transport.SSE;
    }

    @Test
    void framesCarryIdEventAndDataAfterARetryOnOpen() throws Exception {
        String lea = Api.newUser("lea");
        publish(lea, "one");
        publish(lea, "two");
        HttpRequest request = api.request("api/v1/inbox/sse?after=0", api.token(lea))
                .header("Accept", "text/event-stream").build();

        List<String> lines;
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> body = response.body()) {
            // JAX-RS may start the stream with empty lines; EventSource ignores them. A heartbeat
            // (a comment line and its blank line) may fall between any two frames: not what this reads.
            lines = new java.util.ArrayList<>();
            boolean afterComment = false;
            for (java.util.Iterator<String> it = body.dropWhile(String::isEmpty).iterator(); it.hasNext() && lines.size() < 11; ) {
                String line = it.next();
                if (line.startsWith(":") || (afterComment && line.isEmpty())) {
                    afterComment = line.startsWith(":");
                    continue;
                }
                afterComment = false;
                lines.add(line);
            }
        }

        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        // Not "open": that is EventSource's own event name, and a page listening for it would get both.
        assertEquals(List.of("event: connected", "retry: 3000"), lines.subList(0, 2).stream().sorted().toList());
        assertEquals("data: {\"kind\":\"connected\",\"seq\":0,"
                + "\"kinds\":[\"created\",\"updated\",\"retracted\",\"read\",\"reset\"]}", lines.get(2));
        assertEquals("", lines.get(3));
        assertEquals(List.of("event: created", "id: 1"), lines.subList(4, 6).stream().sorted().toList());
        assertTrue(lines.get(6).startsWith("data: {\"seq\":1,\"kind\":\"created\""), lines.get(6));
        assertEquals("", lines.get(7));
        assertEquals(List.of("event: created", "id: 2"), lines.subList(8, 10).stream().sorted().toList());
    }

    @Test
    void clientsGoneBeforeTheAnswerKeepNoPlace() throws Exception {
        clientsGoneBeforeTheAnswerKeepNoPlace("api/v1/inbox/sse");
    }
}
