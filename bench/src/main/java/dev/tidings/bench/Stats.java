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

    /**
     * p50, p90, p99 and max in milliseconds of the latencies recorded (the first {@code maxSamples}
     * of them), by {@link #nearestRank}; all NaN when none was.
     */
    double[] percentiles() {
        int n = (int) Math.min(latencyCount.get(), latencyMicros.length);
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        long[] sorted = Arrays.copyOf(latencyMicros, n);
        Arrays.sort(sorted);
        return new double[] {nearestRank(sorted, 0.50) / 1000.0, nearestRank(sorted, 0.90) / 1000.0,
                nearestRank(sorted, 0.99) / 1000.0, sorted[n - 1] / 1000.0};
    }

    /**
     * The {@code q} quantile (0 &lt; q &le; 1) of ascending {@code sorted} values by the nearest-rank
     * method: the smallest value with at least {@code q} of all values at or below it (p99 of 100
     * values is the 99th). Never interpolated: every figure reported is a value measured.
     */
    static long nearestRank(long[] sorted, double q) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1))];
    }
}
