package dev.tidings.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.live.LiveClient;
import dev.tidings.it.live.Transport;
import jakarta.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading while thousands of kilobytes are published to it: the server
 * ends that connection (its buffer is bounded: 256 frames on the test server) instead of
 * holding more and more, and the user's other connections keep receiving everything.
 */
class SlowConsumerIT extends AgainstTidings {

    static final int EVENTS = 600;

    @Test
    void aClientThatStopsReadingIsDisconnectedAndOthersKeepReceiving() throws Exception {
        String publisher = api.token(Api.newUser("shop"), "publisher");
        String pat = Api.newUser("pat");
        String token = api.token(pat);
        LiveClient stream = Transport.STREAM.client(base.toURI(), token).open(0);
        LiveClient socket = Transport.WEBSOCKET.client(base.toURI(), token).open(0);

        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            OutputStream out = stalled.getOutputStream();
            out.write(("GET " + base.getPath() + "api/v1/inbox/stream?after=0 HTTP/1.1\r\nHost: " + base.getHost()
                    + "\r\nAuthorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = stalled.getInputStream();
            String headers = readHeaders(in);
            assertTrue(headers.startsWith("HTTP/1.1 200"), headers);

            publishMany(api, publisher, pat);

            List<Long> all = LongStream.rangeClosed(1, EVENTS).boxed().toList();
            awaitAll(stream, "stream");
            awaitAll(socket, "WebSocket");
            assertEquals(all, stream.seqs(), "a reading stream got every event in order");
            assertEquals(all, socket.seqs(), "a reading WebSocket got every event in order");

            stalled.setSoTimeout(60_000);
            int eventsRead = 0;
            ByteArrayOutputStream tail = new ByteArrayOutputStream();
            byte[] chunk = new byte[64 * 1024];
            try {
                for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                    String text = new String(chunk, 0, n, StandardCharsets.UTF_8);
                    eventsRead += text.split("\"kind\":\"created\"", -1).length - 1;
                    tail.write(chunk, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server kept the stalled connection open (read " + eventsRead + " events)", e);
            }
            System.out.printf("stalled client: disconnected by the server after %d of %d events%n", eventsRead, EVENTS);
            assertTrue(eventsRead < EVENTS, "the stalled connection was ended before it could hold everything: " + eventsRead);
        } finally {
            stream.close();
            socket.close();
        }
    }

    private static void awaitAll(LiveClient client, String name) {
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)).until(() -> client.events().size() >= EVENTS);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the reading " + name + " got " + client.events().size() + " of " + EVENTS
                    + " events; closed by the server: " + client.closedByServer(), e);
        }
    }

    /** 600 notifications of ~15 KB each (under tidings.publish.max-data-bytes), from 2 publisher threads. */
    private static void publishMany(Api api, String publisher, String recipient) throws Exception {
        String blob = "x".repeat(15 * 1024);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = IntStream.range(0, 2).<Future<?>>mapToObj(t -> pool.submit(() -> {
                for (int i = 0; i < EVENTS / 2; i++) {
                    String body = Json.createObjectBuilder()
                            .add("recipients", Json.createArrayBuilder().add(recipient))
                            .add("type", "bulk").add("title", "bulk " + t + "/" + i)
                            .add("data", Json.createObjectBuilder().add("blob", blob))
                            .build().toString();
                    api.publish(publisher, null, body).expect(201);
                }
            })).toList();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String readHeaders(InputStream in) throws Exception {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        while (!headers.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            headers.write(b);
        }
        return headers.toString(StandardCharsets.US_ASCII);
    }
}
