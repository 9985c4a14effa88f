package dev.tidings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The packages' dependencies point down the layers of docs/architecture.md, read from the compiled
 * classes by the JDK's own {@code jdeps}: a package may use those of lower layers only, never one of
 * its own layer or above (so there is no cycle), and every package has its place here.
 */
class LayersTest {

    /** Lowest first. */
    static final List<Set<String>> LAYERS = List.of(
            Set.of("config"),
            Set.of("rest"),
            Set.of("security"),
            Set.of("inbox"),
            Set.of("delivery"),
            Set.of("likes"),
            Set.of("publish", "subscriber"),
            Set.of("lifecycle"),
            Set.of("transport"),
            Set.of("transport.poll", "transport.longpoll", "transport.stream", "transport.sse", "transport.websocket"));

    private static final Pattern EDGE = Pattern.compile("^\\s*dev\\.tidings\\.([a-z.]+)\\s+->\\s+dev\\.tidings\\.([a-z.]+)\\s", Pattern.MULTILINE);

    @Test
    void dependenciesPointDown() {
        Map<String, Set<String>> uses = dependencies(Path.of("target/classes"));
        assertTrue(uses.keySet().containsAll(Set.of("config", "inbox", "delivery", "transport.websocket")), "jdeps read the packages: " + uses.keySet());
        assertEquals(Set.of(), violations(uses));
    }

    @Test
    void aDependencyUpwardsSidewaysOrUnplacedIsReported() {
        Map<String, Set<String>> uses = parse("""
                   dev.tidings.config                                 -> dev.tidings.delivery                               classes
                   dev.tidings.subscriber                             -> dev.tidings.publish                                classes
                   dev.tidings.likes                                  -> dev.tidings.publish                                classes
                   dev.tidings.inbox                                  -> dev.tidings.rest                                   classes
                   dev.tidings.gadgets                                -> dev.tidings.config                                 classes
                """);
        assertEquals(Set.of("config uses delivery, of a layer above it", "subscriber uses publish, of its own layer",
                "likes uses publish, of a layer above it",
                "gadgets has no layer in LayersTest (and docs/architecture.md)"), violations(uses));
    }

    static Set<String> violations(Map<String, Set<String>> uses) {
        Set<String> problems = new TreeSet<>();
        uses.forEach((from, targets) -> {
            int own = layerOf(from);
            if (own < 0) {
                problems.add(from + " has no layer in LayersTest (and docs/architecture.md)");
                return;
            }
            for (String to : targets) {
                int theirs = layerOf(to);
                if (theirs < 0) {
                    problems.add(to + " has no layer in LayersTest (and docs/architecture.md)");
                } else if (theirs >= own) {
                    problems.add(from + " uses " + to + (theirs == own ? ", of its own layer" : ", of a layer above it"));
                }
            }
        });
        return problems;
    }

    static int layerOf(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }

    /** Package to the other dev.tidings packages it uses, from {@code jdeps -verbose:package}. */
    static Map<String, Set<String>> dependencies(Path classes) {
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException("no compiled classes at " + classes.toAbsolutePath());
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("this JDK has no jdeps (a JRE?): the layering cannot be checked"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none",
                "-e", "dev\\.tidings\\..*", classes.toString());
        if (status != 0) {
            throw new IllegalStateException("jdeps failed (" + status + "): " + err);
        }
        return parse(out.toString());
    }

    /** The package edges of jdeps' output. */
    static Map<String, Set<String>> parse(String jdepsOutput) {
        Map<String, Set<String>> uses = new TreeMap<>();
        Matcher edge = EDGE.matcher(jdepsOutput);
        while (edge.find()) {
            uses.computeIfAbsent(edge.group(1), k -> new TreeSet<>());
            if (!edge.group(1).equals(edge.group(2))) {
                uses.get(edge.group(1)).add(edge.group(2));
            }
        }
        return uses;
    }
}
