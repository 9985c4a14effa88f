package dev.tidings.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * 1,000 held long polls and 1,000 open SSE streams on one server: its thread count stays
 * roughly where it was (no thread per waiting connection), and one publish to each user then
 * reaches every one of the 2,000 connections.
 */
class IdleConnectionsIT extends AgainstTidings {

    static final int USERS = 200;
    static final int PER_USER_AND_TRANSPORT = 5;
    static final int PER_TRANSPORT = USERS * PER_USER_AND_TRANSPORT;

    @Test
    void thousandsOfWaitingConnectionsHoldNoThreadsAndAllReceiveAPublish() throws Exception {
        ProcessHandle server = ServerProcess.find().orElse(null);
        Assumptions.assumeTrue(server != null && java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/status")),
                "*** SKIPPING: cannot see the server process's threads (needs Linux /proc) ***");
        String publisher = api.token(Api.newUser("shop"), "publisher");
        List<String> users = IntStream.range(0, USERS).mapToObj(i -> Api.newUser("idle" + i)).toList();
        List<String> tokens = users.stream().map(api::token).toList();
        api.notify(publisher, "warm-up", users.get(0));
        int before = ServerProcess.threads(server);

        ExecutorService clientPool = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().executor(clientPool).version(HttpClient.Version.HTTP_1_1).build();
        Set<Flow.Subscription> streams = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        AtomicInteger sseOpen = new AtomicInteger();
        AtomicInteger sseReceived = new AtomicInteger();
        AtomicInteger longPollAnswered = new AtomicInteger();
        Semaphore connecting = new Semaphore(50);
        try {
            for (int u = 0; u < USERS; u++) {
                long after = u == 0 ? 1 : 0;
                for (int c = 0; c < PER_USER_AND_TRANSPORT; c++) {
                    connecting.acquire();
                    HttpRequest sse = HttpRequest.newBuilder(base.toURI().resolve("api/v1/inbox/sse?after=" + after))
                            .header("Authorization", "Bearer " + tokens.get(u)).build();
                    pending.add(http.sendAsync(sse, HttpResponse.BodyHandlers.fromLineSubscriber(
                            new EventCounter(streams, connecting, sseOpen, sseReceived))));
                    HttpRequest poll = HttpRequest.newBuilder(base.toURI().resolve("api/v1/inbox/longpoll?after=" + after))
                            .header("Authorization", "Bearer " + tokens.get(u)).timeout(Duration.ofMinutes(2)).build();
                    pending.add(longPoll(http, poll, longPollAnswered));
                }
            }
            await("every SSE stream open").atMost(Duration.ofMinutes(2)).until(() -> sseOpen.get() == PER_TRANSPORT);
            int during = ServerProcess.threads(server);

            int batch = 100;
            for (int from = 0; from < USERS; from += batch) {
                api.publish(publisher, null, Api.notification("to all", users.subList(from, from + batch)).toString()).expect(201);
            }
            await("every connection received the publish").atMost(Duration.ofMinutes(2))
                    .until(() -> sseReceived.get() == PER_TRANSPORT && longPollAnswered.get() == PER_TRANSPORT);
            int after = ServerProcess.threads(server);

            System.out.printf("server threads: %d before, %d with %d long polls and %d SSE streams waiting, %d after delivery%n",
                    before, during, PER_TRANSPORT, PER_TRANSPORT, after);
            assertTrue(during - before < 200,
                    "2,000 waiting connections must not hold a thread each: " + before + " -> " + during + " threads");
            assertEquals(PER_TRANSPORT, sseReceived.get(), "each SSE stream received the event exactly once");
        } finally {
            streams.forEach(Flow.Subscription::cancel);
            pending.forEach(f -> f.cancel(true));
            clientPool.shutdownNow();
            clientPool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** A long poll that polls again from its cursor until it has an event (a held poll may time out first). */
    private static CompletableFuture<?> longPoll(HttpClient http, HttpRequest request, AtomicInteger answered) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            if (response.statusCode() == 200 && response.body().contains("\"kind\":\"created\"")) {
                answered.incrementAndGet();
                return CompletableFuture.completedFuture(null);
            }
            return longPoll(http, request, answered);
        });
    }

    /** Counts an SSE stream's open and its first real event; no thread per stream. */
    private record EventCounter(Set<Flow.Subscription> streams, Semaphore connecting,
                                AtomicInteger opened, AtomicInteger received) implements Flow.Subscriber<String> {
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            streams.add(subscription);
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.equals("event: connected")) {
                opened.incrementAndGet();
                connecting.release();
            } else if (line.equals("event: created")) {
                received.incrementAndGet();
            }
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }
}
