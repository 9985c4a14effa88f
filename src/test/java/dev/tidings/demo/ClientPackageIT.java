package dev.tidings.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.AgainstTidings;
import dev.tidings.it.Api;
import dev.tidings.it.Deployments;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.shrinkwrap.api.Node;
import org.junit.jupiter.api.Test;

/**
 * The browser client as the WAR serves it: {@code tidings.js} and every file of the package folder
 * {@code tidings/} (modules, {@code package.json}, {@code index.d.ts}, its README), to anyone
 * without a token, byte for byte as packed, each with a type a browser accepts for it (a module
 * script must come as JavaScript, or the browser refuses to run it).
 */
class ClientPackageIT extends AgainstTidings {

    private static final Map<String, String> TYPES = Map.of(
            ".js", "text/javascript",
            ".json", "application/json",
            ".d.ts", "text/plain",
            ".md", "text/plain");

    @Test
    void everyFileOfThePackageIsServedWithoutATokenAsPackedWithItsType() {
        Map<String, byte[]> files = packageFiles();
        assertTrue(files.keySet().containsAll(List.of("tidings/index.js", "tidings/package.json", "tidings/index.d.ts",
                "tidings/fallback.js", "tidings/cursor.js", "tidings/transports/websocket.js")), "the package in the WAR: " + files.keySet());
        List<String> wrong = new ArrayList<>();
        files.forEach((path, packed) -> {
            Api.Reply reply = api.send(api.request(path, null).GET());
            String type = reply.header("Content-Type");
            String expected = typeOf(path);
            if (reply.status() != 200) {
                wrong.add(path + ": " + reply.status());
            } else if (type == null || !type.startsWith(expected)) {
                wrong.add(path + ": Content-Type " + type + ", not " + expected);
            } else if (!reply.body().equals(new String(packed, StandardCharsets.UTF_8))) {
                wrong.add(path + ": not the packed file");
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyModuleAPageLoadsFromTidingsJsIsServedAsJavaScript() {
        // What a browser does with <script type="module"> importing tidings.js: fetch it, then every
        // module it imports, and theirs, without credentials.
        Set<URI> loaded = new LinkedHashSet<>();
        Deque<URI> toLoad = new ArrayDeque<>(List.of(api.uri("tidings.js")));
        Pattern imports = Pattern.compile("(?m)^\\s*(?:import|export)\\s[^;]*?from\\s+\"([^\"]+)\"");
        while (!toLoad.isEmpty()) {
            URI module = toLoad.pop();
            if (!loaded.add(module)) {
                continue;
            }
            Api.Reply reply = api.send(HttpRequest.newBuilder(module).GET()).expect(200);
            assertTrue(reply.header("Content-Type").startsWith("text/javascript"), module + ": " + reply.header("Content-Type"));
            Matcher specifier = imports.matcher(reply.body());
            while (specifier.find()) {
                assertTrue(specifier.group(1).startsWith("./") || specifier.group(1).startsWith("../"),
                        module + " imports " + specifier.group(1) + ": a browser without a build step needs a relative path");
                toLoad.add(module.resolve(specifier.group(1)));
            }
        }
        assertEquals(api.uri("tidings/index.js"), new ArrayList<>(loaded).get(1), "tidings.js re-exports the package's entry");
        assertEquals(packageFiles().keySet().stream().filter(path -> path.endsWith(".js")).count() + 1, loaded.size(),
                "every module of the package is part of the client, and nothing else is loaded: " + loaded);
    }

    @Test
    void theServedPackageJsonNamesTheServedEntryAndTypes() {
        var manifest = api.get("tidings/package.json", null).expect(200).json();
        assertEquals("@tidings/client", manifest.getString("name"));
        assertEquals("module", manifest.getString("type"));
        for (String path : List.of(manifest.getString("types"),
                manifest.getJsonObject("exports").getJsonObject(".").getString("default"))) {
            api.get("tidings/" + path.replaceFirst("^\\./", ""), null).expect(200);
        }
        assertFalse(manifest.containsKey("dependencies"), "no dependencies");
    }

    /** The files under {@code tidings/} in the WAR as it ships: path (from the context root) to bytes. */
    private static Map<String, byte[]> packageFiles() {
        Map<String, byte[]> files = new TreeMap<>();
        for (Map.Entry<org.jboss.shrinkwrap.api.ArchivePath, Node> entry : Deployments.tidings().getContent().entrySet()) {
            String path = entry.getKey().get();
            if (path.startsWith("/tidings/") && entry.getValue().getAsset() != null) {
                try (InputStream in = entry.getValue().getAsset().openStream()) {
                    files.put(path.substring(1), in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return files;
    }

    private static String typeOf(String path) {
        return TYPES.entrySet().stream().filter(type -> path.endsWith(type.getKey()))
                .max(Map.Entry.comparingByKey((a, b) -> Integer.compare(a.length(), b.length())))
                .map(Map.Entry::getValue)
                .orElseThrow(() -> new AssertionError("a file of no known type in the package: " + path));
    }
}
