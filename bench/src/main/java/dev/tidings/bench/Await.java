package dev.tidings.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a condition rather than for a fixed time: the condition is asked again every so often
 * until it holds or a deadline passes. Public: the fault suite waits with it too.
 */
public final class Await {

    /** A condition that asks a server. */
    @FunctionalInterface
    public interface Asking {
        boolean holds() throws IOException, InterruptedException;
    }

    private Await() {
    }

    /** Asks {@code condition} every {@code every} until it holds or {@code limit} has passed; whether it held. */
    public static boolean until(Duration limit, Duration every, BooleanSupplier condition) throws InterruptedException {
        try {
            return asking(limit, every, condition::getAsBoolean);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    /** As {@link #until}, for a condition that asks a server (and may fail to). */
    public static boolean asking(Duration limit, Duration every, Asking condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(every.toMillis());
        }
        return true;
    }
}
