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

    /** The command {@code name} on the PATH, from the Debian package of the same name. */
    public static Path command(String name) {
        return command(name, name);
    }

    /** The command {@code name} on the PATH, from the Debian package {@code debianPackage}. */
    public static Path command(String name, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        Path found = Stream.of(path.split(java.io.File.pathSeparator))
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst().orElse(null);
        if (found != null) {
            return found;
        }
        String message = "*** SKIPPING: this test needs `" + name + "` on the PATH (apt-get install " + debianPackage + ") ***";
        if (Boolean.parseBoolean(System.getenv("TIDINGS_REQUIRE_TOOLS"))) {
            fail(message.replace("SKIPPING", "FAILING (TIDINGS_REQUIRE_TOOLS=true)"));
        }
        System.err.println(message);
        return Assumptions.abort(message);
    }
}
