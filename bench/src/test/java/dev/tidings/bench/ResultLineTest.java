package dev.tidings.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results lines: written with JSON-P, read back by the plots, old lines (NaN, Infinity) still read. */
class ResultLineTest {

    @TempDir
    Path dir;

    @Test
    void figuresAreWrittenInOrderRoundedAsAsked() {
        String line = ResultLine.of("seed-table").put("transport", "sse").put("clients", 1000).put("seconds", 60.0049, 2)
                .put("callsPerSecond", 417.25, 1).put("serverRssMiB", 1079.0, 1).put("p50ms", 0.0, 2).put("ratio", 1.0944).toString();
        assertEquals("{\"kind\":\"seed-table\",\"transport\":\"sse\",\"clients\":1000,\"seconds\":60.00,\"callsPerSecond\":417.3,"
                + "\"serverRssMiB\":1079.0,\"p50ms\":0.00,\"ratio\":1.094}", line);
    }

    @Test
    void aFigureNotMeasuredIsNull() {
        JsonObject line = ResultLine.of("resume").put("catchUpSeconds", Double.NaN, 3).put("p99ms", Double.POSITIVE_INFINITY, 2)
                .put("aMaxms", Double.NEGATIVE_INFINITY).put("committedBeforeRetry", null).json();
        assertEquals(JsonValue.NULL, line.get("catchUpSeconds"));
        assertEquals(JsonValue.NULL, line.get("p99ms"));
        assertEquals(JsonValue.NULL, line.get("aMaxms"));
        assertEquals(JsonValue.NULL, line.get("committedBeforeRetry"));
        assertFalse(line.toString().contains("NaN") || line.toString().contains("Infinity"), line.toString());
    }

    @Test
    void nestedFiguresListsMapsAndEnums() {
        Map<String, Long> statuses = new TreeMap<>(Map.of("503", 2L, "404", 1L));
        String line = ResultLine.of("crash").put("live", ResultLine.nested().put("sse", ResultLine.nested().put("lost", 0)))
                .put("non201Statuses", statuses).put("steps", List.of(1000, 2000)).put("heapMiB", List.of(ResultLine.decimal(12.34, 1)))
                .put("outcome", Thread.State.NEW).put("libertySaid", List.of("CWWKZ0009I \"quoted\"")).toString();
        assertEquals("{\"kind\":\"crash\",\"live\":{\"sse\":{\"lost\":0}},\"non201Statuses\":{\"404\":1,\"503\":2},"
                + "\"steps\":[1000,2000],\"heapMiB\":[12.3],\"outcome\":\"NEW\",\"libertySaid\":[\"CWWKZ0009I \\\"quoted\\\"\"]}", line);
    }

    @Test
    void anUnknownKindOfFigureIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ResultLine.of("x").put("when", new Object()));
    }

    @Test
    void writtenThenReadBack() throws IOException {
        Path path = dir.resolve("results/seed-table-quick.jsonl");
        ResultsFile file = ResultsFile.start(path, false, ResultLine.machine().put("serverPid", 4242));
        file.append(ResultLine.of("seed-table").put("transport", "poll").put("clients", 100).put("p50ms", 266.2049, 2)
                .put("maxms", Double.NaN, 2));
        file.append(ResultLine.of("seed-table").put("transport", "websocket").put("clients", 100).put("p50ms", 4.6, 2));

        List<String> text = Files.readAllLines(path);
        assertEquals(3, text.size());
        text.forEach(l -> JsonText.object(l)); // every line strict JSON
        ResultsFile.Lines read = ResultsFile.read(path);
        assertEquals(0, read.unreadable());
        assertEquals(3, read.objects().size());
        JsonObject machine = read.objects().get(0);
        assertEquals("machine", machine.getString("kind"));
        assertEquals(4242, machine.getInt("serverPid"));
        assertEquals(Runtime.getRuntime().availableProcessors(), machine.getInt("cores"));
        JsonObject poll = read.objects().get(1);
        assertEquals("poll", poll.getString("transport"));
        assertEquals(266.20, poll.getJsonNumber("p50ms").doubleValue());
        assertTrue(poll.isNull("maxms"));
        assertEquals(4.6, read.objects().get(2).getJsonNumber("p50ms").doubleValue());
    }

    @Test
    void appendingAddsTheRunsMachineLineStartingAnewReplaces() throws IOException {
        Path path = dir.resolve("fanout-quick.jsonl");
        ResultsFile.start(path, true, ResultLine.machine()).append(ResultLine.of("fanout").put("system", "tidings"));
        ResultsFile.start(path, true, ResultLine.machine()).append(ResultLine.of("fanout").put("system", "pushpin"));
        List<String> kinds = ResultsFile.read(path).objects().stream().map(o -> o.getString("kind")).toList();
        assertEquals(List.of("machine", "fanout", "machine", "fanout"), kinds);

        ResultsFile.start(path, false, ResultLine.machine());
        assertEquals(1, ResultsFile.read(path).objects().size());
    }

    @Test
    void anOldLineWithNotANumberIsReadWithNulls() {
        JsonObject old = ResultsFile.parse("{\"kind\":\"resume\",\"transport\":\"NaN Infinity\",\"catchUpSeconds\":NaN,"
                + "\"p50ms\":Infinity,\"p99ms\":-Infinity,\"delivered\":5000}");
        assertEquals("NaN Infinity", old.getString("transport"));
        assertTrue(old.isNull("catchUpSeconds"));
        assertTrue(old.isNull("p50ms"));
        assertTrue(old.isNull("p99ms"));
        assertEquals(5000, old.getInt("delivered"));
    }

    @Test
    void aLineThatIsNoJsonObjectIsRefusedAndSkippedWhenReading() throws IOException {
        assertThrows(JsonException.class, () -> ResultsFile.parse("{\"kind\":\"resume\",\"p50ms\":12.0"));
        assertThrows(JsonException.class, () -> ResultsFile.parse("[1,2]"));
        assertThrows(JsonException.class, () -> ResultsFile.parse("{\"kind\":nan}"));
        Path path = dir.resolve("broken.jsonl");
        Files.writeString(path, "{\"kind\":\"machine\"}\n\n{\"kind\":\"fanout\",\"p50ms\":\n{\"kind\":\"fanout\",\"p50ms\":NaN}\n");
        ResultsFile.Lines read = ResultsFile.read(path);
        assertEquals(1, read.unreadable());
        assertEquals(2, read.objects().size());
        assertTrue(read.objects().get(1).isNull("p50ms"));
    }

    @Test
    void thePlotsReadAMissingFigureAndAnOldNaNAlike() throws IOException {
        Files.writeString(dir.resolve("resume-quick.jsonl"), ResultLine.machine() + "\n"
                + ResultLine.of("resume").put("system", "tidings").put("transport", "websocket").put("clients", 1000)
                        .put("catchUpSeconds", Double.NaN, 3) + "\n"
                + "{\"kind\":\"resume\",\"system\":\"tidings\",\"transport\":\"sse\",\"clients\":1000,\"catchUpSeconds\":NaN}\n"
                + "{\"kind\":\"resume\",\"system\":\"tidings\",\"transport\":\"stream\",\"clients\":1000,\"catchUpSeconds\":1.25}\n");
        List<Plots.Row> rows = Plots.read(dir);
        assertEquals(4, rows.size());
        assertTrue(Double.isNaN(rows.get(1).num("catchUpSeconds")));
        assertTrue(Double.isNaN(rows.get(2).num("catchUpSeconds")));
        assertTrue(Double.isNaN(rows.get(2).num("no such figure")));
        assertEquals(1.25, rows.get(3).num("catchUpSeconds"));
        assertEquals("stream", rows.get(3).str("transport"));
        // Only the measured run makes a bar.
        String svg = Plots.resumeStorm(rows);
        assertTrue(svg.contains("HTTP streaming"), svg);
        assertFalse(svg.contains(">SSE<") || svg.contains(">WebSocket<"), svg);
    }
}
