package dev.tidings.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Two Tidings servers on one PostgreSQL as one system (bench/cluster 2): subscribers and publish
 * calls alternate between them, so each server holds half the clients, accepts half the calls and
 * delivers the other server's commits to its own clients. Tokens come from the first (the two
 * share its key). The CPU, memory and threads reported are both servers'.
 */
final class TwoServers implements Target {

    private final TidingsTarget a;
    private final TidingsTarget b;
    private final ServerProbe probe;
    private final AtomicLong subscribers = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();

    TwoServers(TidingsTarget a, TidingsTarget b) {
        this.a = a;
        this.b = b;
        this.probe = ServerProbe.all(a.probe(), b.probe());
    }

    @Override
    public String name() {
        return "tidings-2-servers";
    }

    @Override
    public List<String> transports() {
        return a.transports();
    }

    @Override
    public String token(String user) {
        return a.token(user);
    }

    @Override
    public List<String> tokens(List<String> users) {
        return a.tokens(users);
    }

    @Override
    public Subscriber subscriber(String transport, String token, Supplier<Stats> stats) {
        return (subscribers.getAndIncrement() % 2 == 0 ? a : b).subscriber(transport, token, stats);
    }

    @Override
    public CompletableFuture<Boolean> publish(List<String> users, long sentMicros) {
        return (calls.getAndIncrement() % 2 == 0 ? a : b).publish(users, sentMicros);
    }

    @Override
    public ServerProbe probe() {
        return probe;
    }

    /** Both servers' live connections together. */
    @Override
    public LiveConnections liveConnections() {
        return a.liveConnections().and(b.liveConnections());
    }

    @Override
    public void close() {
    }
}
