package dev.tidings.bench;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A results file, {@code bench/results/*.jsonl}: one JSON object a line ({@link ResultLine}), each
 * with a {@code kind}; a run's first line is its machine. Written as each run is measured, read by
 * the plots. Public: the fault suite writes its file with it too.
 */
public final class ResultsFile {

    private final Path path;

    private ResultsFile(Path path) {
        this.path = path;
    }

    /**
     * Starts the file anew with {@code machine} as its first line or, with {@code append} and a file
     * already there, adds {@code machine} to it (so each run's lines follow their own machine line).
     */
    public static ResultsFile start(Path path, boolean append, ResultLine machine) throws IOException {
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        ResultsFile file = new ResultsFile(path);
        if (append && Files.exists(path)) {
            file.append(machine);
        } else {
            Files.writeString(path, machine + "\n", StandardCharsets.UTF_8);
        }
        return file;
    }

    public Path path() {
        return path;
    }

    /** Adds one line at the end, at once (a run that fails later keeps what was measured before). */
    public void append(ResultLine line) {
        try {
            Files.writeString(path, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add to " + path, e);
        }
    }

    /** What a file holds: its JSON objects in order, and how many other non-blank lines it has (skipped). */
    public record Lines(List<JsonObject> objects, int unreadable) {
    }

    /** Every line of {@code file} that is a JSON object, in order (see {@link #parse}). */
    public static Lines read(Path file) throws IOException {
        List<JsonObject> objects = new ArrayList<>();
        int unreadable = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                objects.add(parse(line));
            } catch (JsonException e) {
                unreadable++;
            }
        }
        return new Lines(objects, unreadable);
    }

    /**
     * One results line as a JSON object. Lines written before the harness wrote JSON-P may carry a
     * figure that was not measured as {@code NaN}, {@code Infinity} or {@code -Infinity} (the text
     * {@code String.format} gave it), which is not JSON: such a line is read with those figures as
     * null, as they are written now. A {@link JsonException} when the line is no JSON object even so.
     */
    public static JsonObject parse(String line) {
        try {
            return JsonText.object(line);
        } catch (JsonException strict) {
            String repaired = nonNumbersAsNull(line);
            if (repaired.equals(line)) {
                throw strict;
            }
            return JsonText.object(repaired);
        }
    }

    private static final List<String> NOT_NUMBERS = List.of("-Infinity", "Infinity", "NaN");

    /** {@code line} with every NaN, Infinity and -Infinity outside a string replaced by null. */
    static String nonNumbersAsNull(String line) {
        StringBuilder out = new StringBuilder(line.length());
        boolean inString = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\' && i + 1 < line.length()) {
                    out.append(line.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '"') {
                inString = true;
                out.append(c);
                continue;
            }
            int at = i;
            String token = NOT_NUMBERS.stream().filter(t -> line.startsWith(t, at)).findFirst().orElse(null);
            if (token != null) {
                out.append("null");
                i += token.length() - 1;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
