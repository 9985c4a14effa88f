package dev.tidings.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's walk-through, run as written with bash and curl against the test server (only
 * its address differs: the README's {@code http://localhost:9080/} is the bundled server's).
 */
class ReadmeWalkthroughIT extends AgainstTidings {

    @Test
    void theReadmeWalkthroughWorksAsWritten() throws Exception {
        Requirements.command("curl");
        Requirements.command("bash");
        String script = walkthrough(Files.readString(Path.of("README.md"))).replace("http://localhost:9080/", base.toString());
        assertTrue(script.contains("curl"), "found the walk-through's commands");

        Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(2, TimeUnit.MINUTES), "the walk-through finished");

        assertEquals(0, bash.exitValue(), output);
        assertTrue(output.contains("{\"notifications\":[{\"recipient\":\"bob\""), output);
        assertTrue(output.contains("\"kind\":\"created\""), output);
        assertTrue(output.contains("\"title\":\"Alice liked your post\""), output);
        assertTrue(output.contains("\"unread\":0"), output);
        assertTrue(output.contains("\"status\":400"), output);
    }

    /** Every ```sh block between "## Walk-through" and the next section. */
    static String walkthrough(String readme) throws IOException {
        int start = readme.indexOf("## Walk-through");
        int end = readme.indexOf("\n## ", start + 1);
        List<String> blocks = new ArrayList<>();
        String section = readme.substring(start, end);
        int from = 0;
        while (true) {
            int open = section.indexOf("```sh\n", from);
            if (open < 0) {
                break;
            }
            int close = section.indexOf("\n```", open + 6);
            blocks.add(section.substring(open + 6, close));
            from = close + 4;
        }
        return String.join("\necho\n", blocks) + "\n";
    }
}
