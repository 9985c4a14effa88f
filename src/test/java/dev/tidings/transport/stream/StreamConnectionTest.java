package dev.tidings.transport.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tidings.delivery.Connection;
import dev.tidings.delivery.Subscriber;
import dev.tidings.delivery.Subscription;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The stream's life cycle where no real client can be timed: a client gone at the first flush. */
class StreamConnectionTest {

    final AtomicInteger completions = new AtomicInteger();
    final AtomicInteger subscriberEnds = new AtomicInteger();

    @Test
    void aStreamWhoseFirstFlushFailsIsEndedAndLeavesTheHub() throws Exception {
        StreamConnection connection = new StreamConnection(asyncWhoseFlushFails());
        Subscriber subscriber = subscriber(connection);

        connection.opened(new Subscription(subscriber, 0));

        assertEquals(1, subscriberEnds.get(), "the subscriber is ended once: it leaves the hub and the user's count");
        assertEquals(1, completions.get(), "the request is completed once");
    }

    /** A subscriber as the hub makes one; its end callback stands for the hub forgetting it. */
    private Subscriber subscriber(Connection connection) throws Exception {
        Constructor<Subscriber> constructor = Subscriber.class.getDeclaredConstructor(String.class, Instant.class, long.class,
                Connection.class, int.class, Executor.class, Consumer.class, Consumer.class);
        constructor.setAccessible(true);
        Consumer<Subscriber> forget = ended -> subscriberEnds.incrementAndGet();
        Consumer<Object> sent = event -> { };
        return constructor.newInstance("ann", null, 0L, connection, 16, (Executor) Runnable::run, forget, sent);
    }

    private AsyncContext asyncWhoseFlushFails() {
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    if (method.getName().equals("flushBuffer")) {
                        throw new IOException("Broken pipe");
                    }
                    return null;
                });
        return (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {AsyncContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getResponse" -> response;
                    case "complete" -> {
                        completions.incrementAndGet();
                        yield null;
                    }
                    default -> null;
                });
    }
}
