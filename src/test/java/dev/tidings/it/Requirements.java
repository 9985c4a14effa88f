package dev.tidings.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Tools a test needs from the machine. Missing ones skip the test with a loud message, unless
 * {@code TIDINGS_REQUIRE_TOOLS=true} (set by .ci/run, which installs them): then they fail it.
 */
public final class Requirements {

    private Requirements() {
    }

    public static void command(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        boolean found = Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, name)));
        if (found) {
            return;
        }
        String message = "*** SKIPPING: this test needs `" + name + "` on the PATH (apt-get install " + name + ") ***";
        if (Boolean.parseBoolean(System.getenv("TIDINGS_REQUIRE_TOOLS"))) {
            fail(message.replace("SKIPPING", "FAILING (TIDINGS_REQUIRE_TOOLS=true)"));
        }
        System.err.println(message);
        Assumptions.abort(message);
    }
}
