import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Does an H2 version keep what it committed when its process is killed? Plain JDBC, no Liberty:
 * Tidings' publish transaction (lock 1–3 of 50 inbox rows FOR UPDATE in order, update them,
 * insert an event per recipient and a publication record, commit; the database URL of
 * liberty/config/server.xml, WRITE_DELAY=0) from 8 threads in a child JVM that prints each
 * committed event; the parent kills the child with SIGKILL 1–3 s after its first commit, opens the database (crash
 * recovery), looks up every printed event (and, for a lost one, whether its bytes are in the file
 * as the kill left it: written, then dropped by the recovery), then checks the store still commits
 * (5 s of the same work). Repeats; exits 1 if an event was lost or the store stopped committing.
 *
 *   java -cp ~/.m2/repository/com/h2database/h2/VERSION/h2-VERSION.jar bench/H2CrashCheck.java DIR [rounds]
 *
 * DIR: a folder for the database (emptied first). docs/reliability.md has what it found.
 */
public class H2CrashCheck {

    private static final int USERS = 50;
    private static final int THREADS = 8;

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("child")) {
            work(args[1], Long.MAX_VALUE, new PrintStream(new FileOutputStream(FileDescriptor.out), true));
            return;
        }
        if (args.length < 1) {
            System.err.println("usage: java -cp h2.jar bench/H2CrashCheck.java DIR [rounds]");
            System.exit(2);
        }
        java.nio.file.Path dir = java.nio.file.Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        java.nio.file.Files.createDirectories(dir);
        try (var files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path f : files.toList()) {
                java.nio.file.Files.delete(f);
            }
        }
        String db = dir.resolve("check").toAbsolutePath().toString();
        createSchema(db);
        try (Connection c = DriverManager.getConnection(url(db), "tidings", "")) {
            System.out.println("H2 " + c.getMetaData().getDatabaseProductVersion() + ", " + rounds + " kills");
        }
        long lostTotal = 0;
        boolean wedged = false;
        for (int round = 1; round <= rounds && !wedged; round++) {
            Process child = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"),
                    System.getProperty("jdk.launcher.sourcefile"), "child", db)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<String> committed = Collections.synchronizedList(new ArrayList<>());
            BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream()));
            Thread reader = new Thread(() -> {
                try {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        committed.add(line);
                    }
                } catch (IOException ended) {
                    // the child is gone
                }
            });
            reader.start();
            for (int i = 0; i < 300 && committed.isEmpty() && child.isAlive(); i++) {
                Thread.sleep(100); // the child compiles this file and opens the database first
            }
            long wait = 1000 + new Random().nextInt(2000);
            Thread.sleep(wait);
            child.toHandle().destroyForcibly(); // SIGKILL
            child.waitFor();
            reader.join();
            // The file as the kill left it, before H2 opens (and recovers) it: were lost events written?
            String bytes = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(db + ".mv.db")),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            List<String> lostIds = new ArrayList<>();
            long lost = lost(db, committed, lostIds);
            if (lost > 0) {
                System.out.printf("  of the %d lost, %d are in the file's bytes as the kill left it%n", lost,
                        lostIds.stream().filter(bytes::contains).count());
            }
            long after = work(db, 5000, null);
            wedged = after < 0;
            System.out.printf("round %d: killed %d ms after the first commit, %d events committed, %d lost; then %s%n", round, wait, committed.size(), lost,
                    wedged ? "NO COMMIT FOR 4 s (wedged)" : after + " commits in 5 s");
            lostTotal += lost;
        }
        System.out.println(lostTotal == 0 && !wedged ? "nothing lost" : "LOST " + lostTotal + (wedged ? ", WEDGED" : ""));
        System.exit(lostTotal == 0 && !wedged ? 0 : 1);
    }

    private static String url(String db) {
        return "jdbc:h2:" + db + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
    }

    private static void createSchema(String db) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(db), "tidings", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE TIDINGS_INBOX(USER_ID VARCHAR(128) PRIMARY KEY, LAST_SEQ BIGINT NOT NULL,"
                    + " UNREAD_COUNT BIGINT NOT NULL, VERSION BIGINT NOT NULL)");
            s.execute("CREATE TABLE TIDINGS_INBOX_EVENT(USER_ID VARCHAR(128) NOT NULL, SEQ BIGINT NOT NULL, CREATED_AT TIMESTAMP NOT NULL,"
                    + " KIND VARCHAR(16) NOT NULL, NOTIFICATION_ID VARCHAR(36), PAYLOAD VARCHAR NOT NULL, PRIMARY KEY(USER_ID, SEQ))");
            s.execute("CREATE TABLE TIDINGS_PUBLICATION(PUBLISHER_ID VARCHAR(128) NOT NULL, IDEMPOTENCY_KEY VARCHAR(255) NOT NULL,"
                    + " CREATED_AT TIMESTAMP NOT NULL, REQUEST_HASH VARCHAR(64) NOT NULL, RESPONSE_JSON VARCHAR NOT NULL,"
                    + " PRIMARY KEY(PUBLISHER_ID, IDEMPOTENCY_KEY))");
            for (int i = 0; i < USERS; i++) {
                s.execute("INSERT INTO TIDINGS_INBOX VALUES('u" + i + "', 0, 0, 1)");
            }
        }
    }

    /** Committed events ("id user seq") that the reopened database does not hold; their ids into {@code lostIds}. */
    private static long lost(String db, List<String> committed, List<String> lostIds) throws SQLException {
        long lost = 0;
        try (Connection c = DriverManager.getConnection(url(db), "tidings", "");
             PreparedStatement q = c.prepareStatement("SELECT NOTIFICATION_ID FROM TIDINGS_INBOX_EVENT WHERE USER_ID = ? AND SEQ = ?")) {
            for (String event : committed) {
                String[] f = event.split(" ");
                q.setString(1, f[1]);
                q.setLong(2, Long.parseLong(f[2]));
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next() || !rs.getString(1).equals(f[0])) {
                        lostIds.add(f[0]);
                        if (++lost <= 3) {
                            System.out.println("  lost: " + event + (rs.getRow() > 0 ? " (its seq now holds another event)" : ""));
                        }
                    }
                }
            }
        }
        return lost;
    }

    /**
     * The publish work from 8 connections for {@code millis}; prints each committed event to
     * {@code out} if given. Returns the commits, or -1 when none came for 4 s.
     */
    private static long work(String db, long millis, PrintStream out) throws Exception {
        AtomicLong commits = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        String run = Long.toString(System.nanoTime(), 36);
        List<Connection> connections = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Connection c = DriverManager.getConnection(url(db), "tidings", "");
            c.setAutoCommit(false);
            connections.add(c);
            String prefix = run + "-" + t + "-";
            Thread thread = new Thread(() -> {
                Random random = new Random();
                for (int n = 0; !stop.get(); n++) {
                    try {
                        List<String> events = publish(c, random, prefix + n);
                        commits.incrementAndGet();
                        if (out != null) {
                            synchronized (out) {
                                events.forEach(out::println);
                            }
                        }
                    } catch (SQLException e) {
                        try {
                            c.rollback();
                        } catch (SQLException ignored) {
                            // closed
                        }
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        long end = millis == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + millis;
        long seen = -1;
        long changed = System.currentTimeMillis();
        boolean wedged = false;
        while (System.currentTimeMillis() < end) {
            Thread.sleep(250);
            if (commits.get() != seen) {
                seen = commits.get();
                changed = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - changed > 4000) {
                wedged = true;
                break;
            }
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
        }
        for (Connection c : connections) {
            c.close();
        }
        return wedged ? -1 : commits.get();
    }

    /** One publish transaction to 1–3 users; the committed events, "id user seq". */
    private static List<String> publish(Connection c, Random random, String key) throws SQLException {
        List<String> to = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        while (to.size() < count) {
            String user = "u" + random.nextInt(USERS);
            if (!to.contains(user)) {
                to.add(user);
            }
        }
        Collections.sort(to);
        List<String> events = new ArrayList<>();
        try (PreparedStatement lock = c.prepareStatement("SELECT USER_ID, LAST_SEQ, UNREAD_COUNT, VERSION FROM TIDINGS_INBOX WHERE USER_ID IN ("
                + "?,".repeat(to.size() - 1) + "?) ORDER BY USER_ID FOR UPDATE");
             PreparedStatement update = c.prepareStatement("UPDATE TIDINGS_INBOX SET LAST_SEQ = ?, UNREAD_COUNT = ?, VERSION = ?"
                     + " WHERE USER_ID = ? AND VERSION = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO TIDINGS_INBOX_EVENT VALUES(?, ?, CURRENT_TIMESTAMP, 'created', ?, ?)");
             PreparedStatement publication = c.prepareStatement("INSERT INTO TIDINGS_PUBLICATION VALUES('bench', ?, CURRENT_TIMESTAMP, 'h', ?)")) {
            for (int i = 0; i < to.size(); i++) {
                lock.setString(i + 1, to.get(i));
            }
            try (ResultSet inboxes = lock.executeQuery()) {
                while (inboxes.next()) {
                    String user = inboxes.getString(1);
                    long seq = inboxes.getLong(2) + 1;
                    long version = inboxes.getLong(4);
                    update.setLong(1, seq);
                    update.setLong(2, inboxes.getLong(3) + 1);
                    update.setLong(3, version + 1);
                    update.setString(4, user);
                    update.setLong(5, version);
                    update.addBatch();
                    String id = UUID.randomUUID().toString();
                    insert.setString(1, user);
                    insert.setLong(2, seq);
                    insert.setString(3, id);
                    insert.setString(4, "{\"seq\":" + seq + ",\"kind\":\"created\",\"notification\":{\"id\":\"" + id + "\",\"title\":\""
                            + "x".repeat(200) + "\"}}");
                    insert.addBatch();
                    events.add(id + " " + user + " " + seq);
                }
            }
            update.executeBatch();
            insert.executeBatch();
            publication.setString(1, key);
            publication.setString(2, events.toString());
            publication.executeUpdate();
        }
        c.commit();
        return events;
    }
}
