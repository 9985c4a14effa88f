package dev.tidings.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The browser client's own tests ({@code src/test/js/*.test.mjs}: Node's built-in test runner, a
 * fake browser, no dependencies, no build step) as a unit test of the Maven build, so
 * {@code ./mvnw verify} runs them. Needs {@code node} (Debian's {@code nodejs}, 18 or later).
 */
class TidingsJsTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    void theBrowserClientPassesItsNodeTests() throws Exception {
        Path node = Requirements.command("node", "nodejs");
        Path project = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path tests = project.resolve("src/test/js");
        List<String> files;
        try (Stream<Path> listed = Files.list(tests)) {
            // The files themselves, not the directory: Node 21 and later no longer search a directory argument.
            files = listed.filter(path -> path.getFileName().toString().endsWith(".test.mjs"))
                    .map(path -> project.relativize(path).toString())
                    .sorted()
                    .toList();
        }
        assertFalse(files.isEmpty(), "no *.test.mjs in " + tests);

        List<String> command = new ArrayList<>(List.of(node.toString(), "--test", "--test-reporter=tap"));
        command.addAll(files);
        Path output = Files.createDirectories(project.resolve("target/js-tests")).resolve("node-test.tap");
        System.out.println("$ " + String.join(" ", command));
        Process process = new ProcessBuilder(command)
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean finished = process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        String tap = Files.readString(output);
        System.out.println(tap);

        assertTrue(finished, "node --test did not finish within " + TIMEOUT + " (output above, and in " + output + ")");
        assertEquals(0, process.exitValue(), "node --test failed (output above, and in " + output + ")");
        int ran = count(tap, "tests");
        assertTrue(ran > 0, "node reported no test");
        assertEquals(ran, count(tap, "pass"), "every test passes");
        assertEquals(0, count(tap, "fail"), "node reported failing tests");
        // A test that is skipped, todo or cancelled proves nothing: none may be.
        for (String idle : List.of("skipped", "todo", "cancelled")) {
            assertEquals(0, count(tap, idle), "node reported " + idle + " tests");
        }
        System.out.println(files.size() + " test files, " + ran + " tests passed");
    }

    /** A count from the TAP summary, such as {@code # pass 23}; -1 if absent. */
    private static int count(String tap, String what) {
        Matcher line = Pattern.compile("(?m)^# " + what + " (\\d+)$").matcher(tap);
        return line.find() ? Integer.parseInt(line.group(1)) : -1;
    }
}
