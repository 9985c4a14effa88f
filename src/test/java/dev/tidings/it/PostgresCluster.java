package dev.tidings.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster for tests: {@code initdb} into a folder under {@code target/}, a
 * free port on 127.0.0.1, one database {@value #DATABASE} owned by the user {@value #USER}.
 * Debian's binaries refuse to run as root, so as root they run as the {@code postgres} user. Stop
 * it with {@link #stop()} (fast shutdown), which removes the folder; a JVM that dies leaves the
 * postmaster to be stopped by the next {@code ./mvnw clean} (it watches its data folder).
 */
public final class PostgresCluster implements AutoCloseable {

    public static final String DATABASE = "tidings";
    public static final String USER = "tidings";
    public static final String PASSWORD = "tidings-test";

    private final Path bin;
    private final Path dir;
    private final int port;
    /** A temporary folder made to hold {@code dir}, removed with it; null under target/. */
    private Path madeParent;

    private PostgresCluster(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** The folder of PostgreSQL's server binaries (Debian: /usr/lib/postgresql/N/bin), newest first. */
    public static Optional<Path> binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int versionOf(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Creates and starts a cluster under {@code parent} (created if missing). */
    public static PostgresCluster start(Path bin, Path parent) throws IOException, InterruptedException {
        Files.createDirectories(parent);
        int port = freePort();
        Path madeParent = null;
        if (asRoot() && !reachableByPostgres(parent)) {
            // A checkout under a private folder (/root): the postgres user cannot reach target/.
            parent = madeParent = Files.createTempDirectory("tidings-pg");
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path dir = parent.resolve("postgresql-" + port).toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        PostgresCluster cluster = new PostgresCluster(bin, dir, port);
        cluster.madeParent = madeParent;
        if (asRoot()) {
            // The postgres user owns the cluster's folder (the folders above it must let others pass).
            run(List.of("chown", "postgres:postgres", dir.toString()), 30);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        Path data = dir.resolve("data");
        Path password = dir.resolve("superuser-password");
        Files.writeString(password, "postgres-test\n");
        if (asRoot()) {
            run(List.of("chown", "postgres:postgres", password.toString()), 30);
        }
        cluster.pg(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "scram-sha-256",
                "--pwfile=" + password, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"), 120);
        cluster.resume();
        cluster.psql("postgres", "CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
        cluster.psql("postgres", "CREATE DATABASE " + DATABASE + " OWNER " + USER);
        return cluster;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** Runs {@code sql} as the superuser in {@code database}. */
    public String psql(String database, String sql) throws IOException, InterruptedException {
        return pg(List.of(bin.resolve("psql").toString(), "-h", dir.toString(), "-p", Integer.toString(port), "-U", "postgres",
                "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql), 60);
    }

    /** Stops the server (fast: open connections are ended) and keeps the data. */
    public void pause() throws IOException, InterruptedException {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"), 60);
    }

    /**
     * Starts the server (again, after {@link #pause()}): on 127.0.0.1 only, its socket file in its
     * own folder; {@code fsync=off} because a test's data need not survive a power loss.
     */
    public void resume() throws IOException, InterruptedException {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("postgresql.log").toString(), "-w", "-t", "60", "-o", "-p " + port + " -k " + dir
                        + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300", "start"), 90);
    }

    /** Stops the server and removes its folder. */
    public void stop() throws IOException, InterruptedException {
        try {
            pause();
        } finally {
            deleteTree(madeParent != null ? madeParent : dir);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }

    private String pg(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        return run(full, timeoutSeconds);
    }

    private static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        // pg_ctl start leaves the postmaster running with our output inherited: write to a file, not a pipe.
        Path out = Files.createTempFile("tidings-pg", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().put("PGPASSWORD", "postgres-test");
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            String output = Files.readString(out);
            if (process.exitValue() != 0) {
                throw new IOException("exit " + process.exitValue() + ": " + String.join(" ", command) + "\n" + output);
            }
            return output.trim();
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static boolean reachableByPostgres(Path dir) throws InterruptedException {
        try {
            run(List.of("runuser", "-u", "postgres", "--", "test", "-x", dir.toAbsolutePath().toString()), 30);
            return true;
        } catch (IOException no) {
            return false;
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
