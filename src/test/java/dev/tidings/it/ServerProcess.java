package dev.tidings.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The Liberty server process that Arquillian started, seen from outside (Linux /proc). */
public final class ServerProcess {

    private ServerProcess() {
    }

    /** The process running the integration-test server, if this machine lets us see it. */
    public static Optional<ProcessHandle> find() {
        String name = System.getProperty("tidings.server.name", "tidings-it");
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("ws-server.jar") && c.contains(name)).orElse(false))
                .findFirst();
    }

    /** The number of threads of {@code process}, from /proc/PID/status. */
    public static int threads(ProcessHandle process) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                .filter(line -> line.startsWith("Threads:"))
                .map(line -> Integer.parseInt(line.substring("Threads:".length()).trim()))
                .findFirst()
                .orElseThrow();
    }
}
