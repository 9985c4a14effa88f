package dev.tidings.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the subscribers of one run counted: requests, bytes, events and their latencies. */
final class Stats {

    final LongAdder requests = new LongAdder();
    final LongAdder payloadBytes = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder outOfOrder = new LongAdder();
    final LongAdder errors = new LongAdder();
    /** System.nanoTime of the latest event received. */
    volatile long lastDeliveredNanos;
    private final long[] latencyMicros;
    private final AtomicLong latencyCount = new AtomicLong();

    Stats(int maxSamples) {
        latencyMicros = new long[maxSamples];
    }

    void latency(long micros) {
        long i = latencyCount.getAndIncrement();
        if (i < latencyMicros.length) {
            latencyMicros[(int) i] = micros;
        }
    }

    /** p50, p90, p99 and max in milliseconds of the latencies recorded. */
    double[] percentiles() {
        int n = (int) Math.min(latencyCount.get(), latencyMicros.length);
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        long[] sorted = Arrays.copyOf(latencyMicros, n);
        Arrays.sort(sorted);
        return new double[] {at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), sorted[n - 1] / 1000.0};
    }

    private static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1000.0;
    }
}
