package dev.tidings.delivery;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/** The hub's executor, run by the test when it chooses. */
final class ManualExecutor implements Executor {
    private final Deque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    void runAll() {
        for (Runnable task; (task = tasks.poll()) != null; ) {
            task.run();
        }
    }
}
