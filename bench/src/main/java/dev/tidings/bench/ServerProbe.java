package dev.tidings.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The server process seen from outside, through Linux /proc: CPU time, memory, threads; loopback bytes. */
final class ServerProbe {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final long pid;

    private ServerProbe(long pid) {
        this.pid = pid;
    }

    /** The Liberty server process whose command line names {@code serverName}. */
    static ServerProbe find(String serverName) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("ws-server.jar") && c.contains(" " + serverName)).orElse(false))
                .findFirst()
                .map(p -> new ServerProbe(p.pid()))
                .orElseThrow(() -> new IllegalStateException("no Liberty server \"" + serverName + "\" is running"));
    }

    long pid() {
        return pid;
    }

    /** User plus system CPU seconds the process has used so far. */
    double cpuSeconds() {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND; // utime, stime
    }

    int threads() {
        return (int) status("Threads:");
    }

    /** Resident memory now, in MiB. */
    double rssMiB() {
        return status("VmRSS:") / 1024.0;
    }

    private long status(String field) {
        return read(Path.of("/proc", Long.toString(pid), "status")).lines()
                .filter(line -> line.startsWith(field))
                .map(line -> Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]))
                .findFirst().orElse(-1L);
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
