package dev.tidings.inbox;

import dev.tidings.config.Limits;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * How several servers on one PostgreSQL learn of each other's commits: each group commit sends
 * one {@code NOTIFY} in its own transaction (so it is delivered only if the commit is), naming
 * the users whose inboxes it locked and their newest seq; each server listens on a connection of
 * its own, outside the pool, and hands what it hears to delivery as {@link InboxesChanged}, which
 * reads the events from the log. The notification is only a wake-up: one that is lost (the
 * listener reconnected, or fell behind) costs latency, not an event, because after every
 * (re)connect and every {@code tidings.cluster.catch-up-seconds} the listener also says
 * "everyone", and delivery compares every connected user's newest seq in the log with what it
 * has delivered.
 *
 * <p>PostgreSQL serialises the commits of notifying transactions (a database-wide lock at
 * commit): one notification per group commit, never one per event. A payload must stay under
 * 8,000 bytes: a commit of more users than fit says "everyone" instead.
 *
 * <p>Off on H2 (one server only); {@code tidings.cluster.signal} turns it on or off explicitly.
 */
@ApplicationScoped
public class CommitSignal {

    private static final Logger LOG = Logger.getLogger(CommitSignal.class.getName());
    static final String CHANNEL = "tidings_commits";
    /** PostgreSQL refuses a payload of 8,000 bytes or more; this leaves room. */
    static final int MAX_PAYLOAD_BYTES = 7900;
    static final String EVERYONE = "*";

    @PersistenceContext(unitName = "tidings")
    EntityManager em;

    @Inject
    Limits limits;

    @Inject
    Event<InboxesChanged> changed;

    @Resource
    ManagedThreadFactory threads;

    /** This server's name in the notifications it sends: it ignores its own. */
    private final String node = UUID.randomUUID().toString();
    private volatile boolean enabled;
    private volatile boolean running;
    private Thread listener;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        Config config = ConfigProvider.getConfig();
        String url = config.getOptionalValue("tidings.db.url", String.class).orElse("");
        String setting = limits.clusterSignal().trim().toLowerCase(Locale.ROOT);
        boolean postgres = url.startsWith("jdbc:postgresql:");
        enabled = switch (setting) {
            case "off" -> false;
            case "on" -> true;
            default -> postgres;
        };
        if (!enabled) {
            return;
        }
        if (!postgres) {
            LOG.severe("tidings.cluster.signal is on, but tidings.db.url is not a PostgreSQL URL: other servers' commits "
                    + "reach this one's connections only when they reconnect");
            enabled = false;
            return;
        }
        Properties login = new Properties();
        config.getOptionalValue("tidings.db.user", String.class).ifPresent(user -> login.setProperty("user", user));
        config.getOptionalValue("tidings.db.password", String.class).ifPresent(password -> login.setProperty("password", password));
        login.setProperty("ApplicationName", "tidings-listener");
        login.setProperty("tcpKeepAlive", "true");
        // A read that waits longer than this has lost its database (a crash, a cut cable): reconnect.
        login.setProperty("socketTimeout", Long.toString(2L * limits.clusterCatchUpSeconds() + 10));
        running = true;
        listener = threads.newThread(() -> listen(url, login));
        listener.setName("tidings-commit-listener");
        listener.start();
        LOG.info(() -> "Tidings listens for other servers' commits (PostgreSQL channel " + CHANNEL + ", catch-up every "
                + limits.clusterCatchUpSeconds() + " s)");
    }

    /**
     * Within a writing transaction, after its writes: tells the other servers, once the
     * transaction commits, that these inboxes may have new events.
     */
    void announce(Collection<Inbox> inboxes) {
        if (!enabled || inboxes.isEmpty()) {
            return;
        }
        Connection connection = em.unwrap(Connection.class);
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, payload(node, inboxes));
            notify.execute();
        } catch (SQLException e) {
            throw new PersistenceException("could not announce the commit to other servers", e);
        }
    }

    /** The sender, then one line per inbox: its newest seq and its user; or "everyone" if that is too long. */
    static String payload(String node, Collection<Inbox> inboxes) {
        StringBuilder text = new StringBuilder(node.length() + 24 * inboxes.size());
        text.append(node);
        for (Inbox inbox : inboxes) {
            text.append('\n').append(inbox.lastSeq()).append(' ').append(inbox.userId());
            if (text.length() > MAX_PAYLOAD_BYTES) {
                return node + '\n' + EVERYONE; // user ids are ASCII: a char is a byte
            }
        }
        return text.toString();
    }

    /** What a payload says, or null if it is this server's own (or not one of ours). */
    static InboxesChanged parse(String self, String payload) {
        int firstLine = payload.indexOf('\n');
        String sender = firstLine < 0 ? payload : payload.substring(0, firstLine);
        if (sender.equals(self) || firstLine < 0) {
            return null;
        }
        Map<String, Long> lastSeqs = new HashMap<>();
        for (String line : payload.substring(firstLine + 1).split("\n")) {
            if (line.equals(EVERYONE)) {
                return InboxesChanged.all();
            }
            int space = line.indexOf(' ');
            if (space > 0) {
                try {
                    lastSeqs.merge(line.substring(space + 1), Long.parseLong(line.substring(0, space)), Math::max);
                } catch (NumberFormatException notOurs) {
                    return InboxesChanged.all();
                }
            }
        }
        return new InboxesChanged(lastSeqs, false);
    }

    /** Several notifications heard at once, as one hint: "everyone" if any says so. */
    static InboxesChanged merge(String self, Collection<String> payloads) {
        Map<String, Long> lastSeqs = new HashMap<>();
        for (String payload : payloads) {
            InboxesChanged one = parse(self, payload);
            if (one == null) {
                continue;
            }
            if (one.everyone()) {
                return one;
            }
            one.lastSeqs().forEach((user, seq) -> lastSeqs.merge(user, seq, Math::max));
        }
        return lastSeqs.isEmpty() ? null : new InboxesChanged(lastSeqs, false);
    }

    private void listen(String url, Properties login) {
        boolean wasDown = false;
        while (running) {
            try (Connection connection = new org.postgresql.Driver().connect(url, login)) {
                if (connection == null) {
                    throw new SQLException("pgJDBC does not accept the URL " + url);
                }
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                if (wasDown) {
                    LOG.info("the commit listener is connected again; catching up from the log");
                    wasDown = false;
                }
                tell(InboxesChanged.all()); // whatever was committed while nobody listened
                hear(connection);
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                if (!wasDown) {
                    LOG.log(Level.WARNING, "the commit listener lost its database connection (" + e.getMessage()
                            + "); other servers' commits reach this one's connections when it is back", e);
                    wasDown = true;
                }
                pause(limits.clusterReconnectMillis());
            }
        }
    }

    /** Hears notifications until the connection fails or the application stops; catches up on a timer. */
    private void hear(Connection connection) throws SQLException {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        long every = TimeUnit.SECONDS.toNanos(limits.clusterCatchUpSeconds());
        long next = System.nanoTime() + every;
        while (running) {
            // At most a second at a time, so that a stopping application is noticed soon.
            long waitMillis = Math.max(1, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime())));
            PGNotification[] heard = postgres.getNotifications((int) waitMillis);
            if (heard != null && heard.length > 0) {
                tell(merge(node, Arrays.stream(heard).map(PGNotification::getParameter).toList()));
            }
            if (System.nanoTime() - next >= 0) {
                try (Statement alive = connection.createStatement()) {
                    alive.execute("SELECT 1"); // a connection that died quietly fails here
                }
                tell(InboxesChanged.all());
                next = System.nanoTime() + every;
            }
        }
    }

    private void tell(InboxesChanged hint) {
        if (hint == null) {
            return;
        }
        try {
            changed.fire(hint);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "catching up with other servers' commits failed; the next catch-up tries again", e);
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** The listener sees it within a second and closes its connection itself (pgJDBC's are not for two threads). */
    @PreDestroy
    void stop() {
        running = false;
        Thread thread = listener;
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
