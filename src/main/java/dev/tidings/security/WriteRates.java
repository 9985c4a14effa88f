package dev.tidings.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;

/**
 * How often each caller may write (publish, like, unlike): a token bucket per caller id, refilled
 * at {@code tidings.publish.rate-per-second} up to {@code tidings.publish.burst}. One caller may get
 * its own budget with the same names followed by {@code .<caller id>}. A rate of 0 or less turns
 * the limit off. In memory, per server.
 */
@ApplicationScoped
public class WriteRates {

    static final double DEFAULT_RATE_PER_SECOND = 100;

    /** Without a configured burst: two seconds' worth of the rate. */
    static final double DEFAULT_BURST_SECONDS = 2;

    /** Buckets kept at most; full (idle) ones are dropped first when there are more. */
    private static final int MAX_TRACKED = 10_000;

    @Inject
    Config config;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Takes one write from {@code callerId}'s budget, or refuses with how long to wait. */
    public void acquire(String callerId) {
        if (buckets.size() > MAX_TRACKED) {
            long now = System.nanoTime();
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        Bucket bucket = buckets.computeIfAbsent(callerId, this::bucketFor);
        long waitNanos = bucket.take(System.nanoTime());
        if (waitNanos > 0) {
            throw new RateLimitedException(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
        }
    }

    private Bucket bucketFor(String callerId) {
        double rate = setting("tidings.publish.rate-per-second", callerId, DEFAULT_RATE_PER_SECOND);
        double burst = Math.max(1, setting("tidings.publish.burst", callerId, rate * DEFAULT_BURST_SECONDS));
        return new Bucket(rate, burst, System.nanoTime());
    }

    private double setting(String name, String callerId, double fallback) {
        return config.getOptionalValue(name + "." + callerId, Double.class)
                .or(() -> config.getOptionalValue(name, Double.class))
                .orElse(fallback);
    }

    /** A token bucket; {@code rate} tokens a second, at most {@code capacity}. */
    private static final class Bucket {
        private final double perNano;
        private final double capacity;
        private double tokens;
        private long updated;

        Bucket(double ratePerSecond, double capacity, long now) {
            this.perNano = ratePerSecond / 1e9;
            this.capacity = capacity;
            this.tokens = capacity;
            this.updated = now;
        }

        /** 0 if a token was taken, else the nanoseconds until one will be there. */
        synchronized long take(long now) {
            if (perNano <= 0) {
                return 0;
            }
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perNano);
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= capacity;
        }

        private void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - updated) * perNano);
            updated = now;
        }
    }
}
