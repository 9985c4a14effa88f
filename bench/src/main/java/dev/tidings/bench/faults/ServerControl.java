package dev.tidings.bench.faults;

import dev.tidings.bench.ServerProbe;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The fault suite's own Liberty server (created by bench/faults): started and stopped with
 * Liberty's {@code bin/server} script, killed with SIGKILL. Only the JVM whose command line runs
 * this installation's {@code ws-server.jar} for this server name is ever killed.
 */
final class ServerControl {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final Path wlp;
    private final String name;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ServerControl(Path wlp, String name, URI base) {
        this.wlp = wlp.toAbsolutePath().normalize();
        this.name = name;
        this.base = base;
    }

    URI base() {
        return base;
    }

    /** Refuses to go on when something else already listens on the server's port. */
    void requirePortFree() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 1000);
            throw new IllegalStateException("something already listens on " + base.getHost() + ":" + base.getPort()
                    + " (the fault suite's port): stop it first");
        } catch (ConnectException expected) {
            // free
        } catch (IOException e) {
            // nothing answered: free enough
        }
    }

    /**
     * {@code server start NAME}, then waits until {@code /health/ready} answers 200. Returns how
     * long that took from the call.
     */
    Duration start() throws IOException, InterruptedException {
        return start(0);
    }

    /**
     * As {@link #start()}, the server's JVM limited to {@code openFiles} open files (soft and hard
     * limit, so that the JVM cannot raise it); 0 for the limit this process has.
     */
    Duration start(long openFiles) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        script("start", openFiles);
        awaitReady();
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** The server's messages.log: what Liberty said (applications stopped, files exhausted, …). */
    Path messagesLog() {
        return wlp.resolve("usr/servers/" + name + "/logs/messages.log");
    }

    /**
     * {@code server stop NAME}; harmless when it is not running. A server that has not stopped
     * after 3 minutes (a wedged one) is killed, so that the suite ends and frees its port.
     */
    void stop() throws IOException, InterruptedException {
        try {
            script("stop", 0);
        } catch (IllegalStateException timedOut) {
            if (jvm().isPresent()) {
                System.out.println("server " + name + " did not stop in time: killed (pid " + kill().pid() + ")");
            }
            throw timedOut;
        }
    }

    /** A kill: the JVM's pid, and System.nanoTime just before the signal was sent. */
    record Killed(long pid, long signalledNanos) {
    }

    /**
     * SIGKILL to the server's JVM, then waits (at most 30 s) until it is gone. The time is taken
     * after the JVM was found (a scan of every process: tens of milliseconds), just before the
     * signal, so that "sent before the kill" means what it says.
     */
    Killed kill() throws InterruptedException {
        ProcessHandle jvm = jvm().orElseThrow(() -> new IllegalStateException("no running JVM of server " + name + " to kill"));
        long signalled = System.nanoTime();
        if (!jvm.destroyForcibly()) {
            throw new IllegalStateException("could not send SIGKILL to " + jvm.pid());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (jvm.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (jvm.isAlive()) {
            throw new IllegalStateException("server JVM " + jvm.pid() + " still alive 30 s after SIGKILL");
        }
        return new Killed(jvm.pid(), signalled);
    }

    /**
     * Copies the server's database files (data/) into {@code folder}, as they are on disk now:
     * taken right after a kill, they show what the crash left before the restart recovers it.
     */
    void copyDatabase(Path folder) throws IOException {
        Path data = wlp.resolve("usr/servers/" + name + "/data");
        Files.createDirectories(folder);
        try (var files = Files.list(data)) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The version of the H2 driver in the server's lib/ (from its manifest), or "unknown". */
    String h2Version() {
        Path jar = wlp.resolve("usr/servers/" + name + "/lib/h2.jar");
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            String version = file.getManifest().getMainAttributes().getValue("Implementation-Version");
            return version == null ? "unknown" : version;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The server's threads (jcmd Thread.print) into {@code file}: evidence of a server that hangs. */
    void threadDump(Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, probe().jcmd("Thread.print"));
    }

    /** The server's JVM measured from outside (heap, threads, open files). */
    ServerProbe probe() {
        return ServerProbe.of(jvm().orElseThrow(() -> new IllegalStateException("server " + name + " is not running")).pid());
    }

    /**
     * The running JVM of this server: {@code java … -jar <this wlp>/bin/tools/ws-server.jar NAME},
     * not the short-lived status checks ({@code --status}, {@code --pid=}) the script starts. Two
     * matches would be a surprise: refused rather than guessed.
     */
    Optional<ProcessHandle> jvm() {
        String jar = wlp.resolve("bin/tools/ws-server.jar").toString();
        List<ProcessHandle> found = ProcessHandle.allProcesses().filter(p -> {
            List<String> args = Arrays.asList(p.info().arguments().orElse(new String[0]));
            int at = args.indexOf(jar);
            return at > 0 && args.get(at - 1).equals("-jar") && at + 1 < args.size() && args.get(at + 1).equals(name)
                    && args.stream().noneMatch(a -> a.startsWith("--status") || a.startsWith("--pid") || a.startsWith("--stop"));
        }).toList();
        if (found.size() > 1) {
            throw new IllegalStateException("more than one JVM runs server " + name + ": " + found.stream().map(ProcessHandle::pid).toList());
        }
        return found.stream().findFirst();
    }

    /** Polls {@code /health/ready} every 250 ms until 200, at most 3 minutes. */
    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = http.send(HttpRequest.newBuilder(base.resolve("health/ready")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (last == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // refused or reset while it starts
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("server " + name + " not ready " + READY_TIMEOUT.toSeconds() + " s after start (last answer "
                + last + "); see " + wlp.resolve("usr/servers/" + name + "/logs/messages.log"));
    }

    private void script(String action, long openFiles) throws IOException, InterruptedException {
        Path log = wlp.resolve("usr/servers/" + name + "/logs/faults-" + action + ".log");
        Files.createDirectories(log.getParent());
        String script = wlp.resolve("bin/server").toString();
        List<String> command = openFiles > 0
                ? List.of("bash", "-c", "ulimit -n " + openFiles + " && exec \"$0\" \"$@\"", script, action, name)
                : List.of(script, action, name);
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!p.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("server " + action + " " + name + " did not finish in " + SCRIPT_TIMEOUT.toMinutes()
                    + " minutes; see " + log);
        }
        if (p.exitValue() != 0 && action.equals("start")) {
            throw new IllegalStateException("server start " + name + " failed (exit " + p.exitValue() + "); see " + log);
        }
    }
}
