package dev.tidings.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server seen from outside, through Linux /proc: CPU time, memory, threads; loopback bytes. A
 * server may be several processes (Pushpin runs four): the figures are their sums, taken over the
 * root process and whatever it has started, as they are at the moment of asking. A Java
 * server's heap and live objects are read with jcmd. Public: the fault suite
 * (dev.tidings.bench.faults) measures its server with it too.
 */
public final class ServerProbe {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux
    /** How often a wait on open files looks again (counting them lists /proc/PID/fd). */
    private static final java.time.Duration EVERY = java.time.Duration.ofMillis(500);
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final long pid;
    private final boolean withDescendants;
    /** More processes of the same system (several servers), besides {@code pid}. */
    private final List<ServerProbe> others;

    private ServerProbe(long pid, boolean withDescendants) {
        this(pid, withDescendants, List.of());
    }

    private ServerProbe(long pid, boolean withDescendants, List<ServerProbe> others) {
        this.pid = pid;
        this.withDescendants = withDescendants;
        this.others = others;
    }

    /** Several servers as one: the sums of their figures (limits and jcmd: the first's). */
    static ServerProbe all(ServerProbe first, ServerProbe... more) {
        return new ServerProbe(first.pid, first.withDescendants, List.of(more));
    }

    /** This load generator's own process (not the peers it started). */
    static ServerProbe self() {
        return new ServerProbe(ProcessHandle.current().pid(), false);
    }

    /** One process (a server the caller has found itself). */
    public static ServerProbe of(long pid) {
        return new ServerProbe(pid, false);
    }

    /** A process and every process it has started. */
    static ServerProbe tree(ProcessHandle root) {
        return new ServerProbe(root.pid(), true);
    }

    /** The Liberty server process whose command line names {@code serverName}. */
    static ServerProbe find(String serverName) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("ws-server.jar") && (c.endsWith(" " + serverName) || c.contains(" " + serverName + " "))).orElse(false))
                .findFirst()
                .map(p -> new ServerProbe(p.pid(), false))
                .orElseThrow(() -> new IllegalStateException("no Liberty server \"" + serverName + "\" is running"));
    }

    public long pid() {
        return pid;
    }

    /** User plus system CPU seconds the process(es) have used so far. */
    public double cpuSeconds() {
        double sum = 0;
        for (long p : pids()) {
            if (!Files.exists(Path.of("/proc", Long.toString(p)))) {
                continue; // gone since (a PostgreSQL backend that ended)
            }
            String stat = read(Path.of("/proc", Long.toString(p), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            sum += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND; // utime, stime
        }
        return sum;
    }

    public int threads() {
        return (int) status("Threads:");
    }

    /** Resident memory now, in MiB. */
    public double rssMiB() {
        return status("VmRSS:") / 1024.0;
    }

    /** Open file descriptors (sockets included) of the process(es) now. */
    public int openFiles() {
        int sum = 0;
        for (long p : pids()) {
            String[] fds = Path.of("/proc", Long.toString(p), "fd").toFile().list();
            sum += fds == null ? 0 : fds.length;
        }
        return sum;
    }

    /** Waits until the server holds at most {@code limit} open files (its connections are gone), or the timeout passes. */
    public void awaitOpenFilesAtMost(int limit, java.time.Duration timeout) throws InterruptedException {
        Await.until(timeout, EVERY, () -> openFiles() <= limit);
    }

    /**
     * Waits until the server has room for {@code connections} more open files within 80% of its
     * limit, or the timeout passes: the server notices a subscriber that went away only when it
     * next writes to it (its heartbeat), so a large run's closed connections stay open files for
     * a while, and the next large run's would come on top of them.
     */
    public void awaitRoomFor(int connections, java.time.Duration timeout) throws InterruptedException {
        Await.until(timeout, EVERY, () -> openFiles() + connections <= 0.8 * maxOpenFiles());
    }

    /** The open-file limit of the (root) process. */
    public long maxOpenFiles() {
        return read(Path.of("/proc", Long.toString(pid), "limits")).lines()
                .filter(line -> line.startsWith("Max open files"))
                .map(line -> line.substring("Max open files".length()).trim().split("\\s+")[0])
                .map(soft -> soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft))
                .findFirst().orElse(Long.MAX_VALUE);
    }

    /** The used heap after a full collection (jcmd GC.run, then GC.heap_info), in MiB; Java servers only. */
    public double heapAfterGcMiB() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no heap figure in: " + info);
        }
        return Long.parseLong(m.group(1)) / 1024.0;
    }

    /**
     * Live instances of the class named exactly {@code className} (jcmd GC.class_histogram, which
     * collects first), or 0 when there is none; Java servers only.
     */
    public long instances(String className) throws IOException, InterruptedException {
        return instances(histogram(), className);
    }

    /**
     * The live objects by class after a full collection (jcmd GC.class_histogram collects first and
     * counts only what is reachable); Java servers only.
     */
    public String histogram() throws IOException, InterruptedException {
        return jcmd("GC.class_histogram");
    }

    /** Instances of the class named exactly {@code className} in a class histogram; 0 when there is none. */
    public static long instances(String histogram, String className) {
        return histogram.lines()
                .map(String::trim)
                .map(line -> line.split("\\s+"))
                .filter(cols -> cols.length >= 4 && cols[3].equals(className))
                .mapToLong(cols -> Long.parseLong(cols[1]))
                .sum();
    }

    /**
     * The bytes of all live objects in a class histogram (its {@code Total} line), in MiB: unlike the
     * used heap read after a separate collection, nothing allocated after the collection counts.
     */
    public static double liveMiB(String histogram) {
        return histogram.lines()
                .map(String::trim)
                .filter(line -> line.startsWith("Total"))
                .map(line -> line.split("\\s+"))
                .filter(cols -> cols.length == 3)
                .mapToLong(cols -> Long.parseLong(cols[2]))
                .mapToDouble(bytes -> bytes / (1024.0 * 1024.0))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no Total line in the class histogram"));
    }

    /** A jcmd command against the (root) process, its output; at most 60 s. */
    public String jcmd(String command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jcmd", ".txt");
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("jcmd " + pid + " " + command + " did not finish in 60 s");
            }
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private List<Long> pids() {
        List<Long> own = withDescendants
                ? java.util.stream.Stream.concat(ProcessHandle.of(pid).stream(),
                        ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)).map(ProcessHandle::pid).toList()
                : List.of(pid);
        return java.util.stream.Stream.concat(own.stream(), others.stream().flatMap(o -> o.pids().stream())).toList();
    }

    private long status(String field) {
        long sum = 0;
        for (long p : pids()) {
            sum += read(Path.of("/proc", Long.toString(p), "status")).lines()
                    .filter(line -> line.startsWith(field))
                    .map(line -> Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]))
                    .findFirst().orElse(0L);
        }
        return sum;
    }

    /** Bytes the loopback interface has carried (every byte between clients and server, headers and all). */
    static long loopbackBytes() {
        List<String> lines = read(Path.of("/proc/net/dev")).lines().toList();
        return lines.stream().map(String::trim).filter(l -> l.startsWith("lo:"))
                .map(l -> Long.parseLong(l.substring(3).trim().split("\\s+")[0]))
                .findFirst().orElse(-1L);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}
