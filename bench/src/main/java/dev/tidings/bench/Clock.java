package dev.tidings.bench;

import java.time.Instant;

/** Wall-clock microseconds: publisher and subscribers run in one process, so one clock. */
final class Clock {

    private Clock() {
    }

    static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
