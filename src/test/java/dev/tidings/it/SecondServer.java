package dev.tidings.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A second Tidings server beside Arquillian's, for the multi-server tests: the pom creates it
 * ({@code tidings-pg-b}); this copies the WAR into its dropins, gives it the first server's
 * database settings and token key (servers behind one proxy must accept each other's tokens),
 * and starts, stops or kills it with Liberty's own script.
 */
public final class SecondServer {

    static final Path WLP = Path.of(System.getProperty("tidings.wlp.dir", "target/liberty/wlp"));

    private final String name;
    private final Path dir;
    private final URI base;

    public SecondServer(String name, int port) {
        this.name = name;
        this.dir = WLP.resolve("usr/servers").resolve(name);
        this.base = URI.create("http://localhost:" + port + "/");
    }

    public URI base() {
        return base;
    }

    /** Takes {@code first}'s database override, token key and keystore password, and the test settings. */
    public void configureLike(Path first, String jvmOptions) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " does not exist: the pom's pre-integration-test creates it");
        }
        Files.createDirectories(dir.resolve("configDropins/overrides"));
        Files.copy(first.resolve("configDropins/overrides/postgresql.xml"), dir.resolve("configDropins/overrides/postgresql.xml"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(dir.resolve("resources/security"));
        Files.copy(first.resolve("resources/security/key.p12"), dir.resolve("resources/security/key.p12"),
                StandardCopyOption.REPLACE_EXISTING);
        String password = Files.readAllLines(first.resolve("server.env")).stream()
                .filter(line -> line.startsWith("keystore_password=")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no keystore_password in " + first.resolve("server.env")));
        List<String> env = Files.exists(dir.resolve("server.env")) ? Files.readAllLines(dir.resolve("server.env")) : List.of();
        List<String> merged = new java.util.ArrayList<>(env.stream().filter(line -> !line.startsWith("keystore_password=")).toList());
        merged.add(password);
        Files.write(dir.resolve("server.env"), merged);
        Files.writeString(dir.resolve("jvm.options"), String.join("\n", jvmOptions.trim().split("\\s+")) + "\n");
        Files.createDirectories(dir.resolve("dropins"));
        Files.copy(Path.of(System.getProperty("tidings.war", "target/tidings.war")), dir.resolve("dropins/tidings.war"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Starts it and waits until it is ready. */
    public void start() throws IOException, InterruptedException {
        script("start");
        HttpClient http = HttpClient.newHttpClient();
        await(name + " ready").atMost(3, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(base.resolve("health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    public void stop() throws IOException, InterruptedException {
        script("stop");
    }

    /** Kills it with SIGKILL: no goodbye to anyone. */
    public void kill() throws InterruptedException {
        ProcessHandle process = process().orElseThrow(() -> new IllegalStateException(name + " is not running"));
        process.destroyForcibly();
        process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    }

    public Optional<ProcessHandle> process() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("ws-server.jar") && c.contains(" " + name)).orElse(false))
                .findFirst();
    }

    /** Removes what {@link #configureLike} deployed. */
    public void undeploy() throws IOException {
        Files.deleteIfExists(dir.resolve("dropins/tidings.war"));
    }

    private void script(String action) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(WLP.resolve("bin/server").toString(), action, name)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("server " + action + " " + name + " did not finish");
        }
    }
}
