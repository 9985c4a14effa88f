package dev.tidings.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durable publish throughput (scenario 4): {@code concurrency} publishers call
 * {@code POST /api/v1/notifications} back to back for the window, each call naming
 * {@code recipients} users; a 201 means the notifications and their events are committed.
 */
final class PublishScenario {

    private final URI base;
    private final HttpClient http;
    private final ServerProbe server;
    private final String publisherToken;
    private final String runId;

    PublishScenario(URI base, HttpClient http, ServerProbe server, String publisherToken, String runId) {
        this.base = base;
        this.http = http;
        this.server = server;
        this.publisherToken = publisherToken;
        this.runId = runId;
    }

    ResultLine run(int concurrency, int recipients, Duration window) throws InterruptedException {
        Stats latency = new Stats(2_000_000);
        LongAdder calls = new LongAdder();
        LongAdder failures = new LongAdder();
        AtomicInteger userCursor = new AtomicInteger();
        long deadline = System.nanoTime() + window.toNanos();
        double cpu0 = server.cpuSeconds();
        long t0 = System.nanoTime();
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int c = 0; c < concurrency; c++) {
            new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        List<String> to = new ArrayList<>(recipients);
                        for (int r = 0; r < recipients; r++) {
                            // 10,000 users in turn: many inboxes, as in production; a batch's users are distinct
                            to.add("pub-" + runId + "-" + Math.floorMod(userCursor.getAndIncrement(), 10_000));
                        }
                        String body = TidingsApi.benchNotification(to, 0);
                        long start = System.nanoTime();
                        HttpResponse<Void> response = http.send(TidingsApi.publish(base, publisherToken, body).build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() == 201) {
                            calls.increment();
                            latency.latency((System.nanoTime() - start) / 1000);
                        } else {
                            failures.increment();
                        }
                    }
                } catch (Exception e) {
                    failures.increment();
                } finally {
                    done.countDown();
                }
            }, "publisher-" + c).start();
        }
        done.await();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = server.cpuSeconds() - cpu0;
        double[] p = latency.percentiles();
        long ok = calls.sum();
        System.out.printf(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.2f | %.1f | %.1f | %.1f | %d |%n",
                concurrency, recipients, ok / seconds, ok * recipients / seconds, cpu / seconds, p[0], p[1], p[2], failures.sum());
        return ResultLine.of("publish").put("concurrency", concurrency).put("recipients", recipients).put("seconds", seconds, 2)
                .put("calls", ok).put("notifications", ok * recipients).put("failures", failures.sum()).put("serverCpuSeconds", cpu, 2)
                .put("p50ms", p[0], 2).put("p90ms", p[1], 2).put("p99ms", p[2], 2).put("maxms", p[3], 2);
    }
}
