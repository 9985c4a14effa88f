package dev.tidings.transport.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.Api;
import dev.tidings.it.live.LiveClient;
import dev.tidings.it.live.LiveTransportContract;
import dev.tidings.it.live.Transport;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** HTTP streaming (NDJSON) against a real Liberty; the test server's heartbeat is 1 s. */
@ExtendWith(ArquillianExtension.class)
class StreamIT extends LiveTransportContract {

    @Override
    protected Transport transport() {
        return Transport.STREAM;
    }

    @Test
    void anIdleStreamCarriesHeartbeatLines() throws Exception {
        LiveClient client = connect(Api.newUser("kim"), 0);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> client.heartbeatCount() >= 2);

        assertTrue(client.events().isEmpty());
    }

    @Test
    void clientsGoneBeforeTheAnswerKeepNoPlace() throws Exception {
        clientsGoneBeforeTheAnswerKeepNoPlace("api/v1/inbox/stream");
    }
}
