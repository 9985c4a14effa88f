package dev.tidings.bench;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The benchmark charts, drawn as hand-written SVG from the results files: every {@code *.jsonl} in the
 * results directory (one JSON object per line, each with a "kind"; other kinds are ignored), read with
 * JSON-P ({@link ResultsFile}).
 *
 * <pre>
 *   java -cp "bench/target/classes:bench/target/lib/*" dev.tidings.bench.Plots [results-dir] [out-dir]   (bench/results, docs/img)
 * </pre>
 *
 * Writes, overwriting, {@code requests-per-second.svg} (seed-table), {@code fanout-delivered.svg} and
 * {@code fanout-latency.svg} (fanout-paced: latency at the same offered load) and {@code resume-storm.svg} (resume); a chart without data is skipped.
 * A point whose fields are missing, null or not finite is skipped too.
 */
public final class Plots {

    static final int W = 720;
    static final int H = 420;
    static final double LEFT = 76;
    static final double RIGHT = W - 24;
    static final double BOTTOM = H - 64;

    static final Map<String, String> TRANSPORTS = names("poll", "short polling", "longpoll", "long polling",
            "stream", "HTTP streaming", "sse", "SSE", "websocket", "WebSocket");
    static final Map<String, String> SYSTEMS = names("tidings", "Tidings", "socketio", "Socket.IO", "pushpin", "Pushpin");
    /** One colour per series, whatever chart it appears in (Okabe–Ito, safe for colour-blind readers). */
    static final Map<String, String> COLOURS = Map.ofEntries(
            Map.entry("poll", "#E69F00"), Map.entry("longpoll", "#56B4E9"), Map.entry("stream", "#009E73"),
            Map.entry("sse", "#CC79A7"), Map.entry("websocket", "#0072B2"),
            Map.entry("tidings", "#0072B2"), Map.entry("socketio", "#E69F00"), Map.entry("pushpin", "#009E73"),
            Map.entry("p50", "#56B4E9"), Map.entry("p90", "#0072B2"), Map.entry("p99", "#D55E00"),
            Map.entry("catchUp", "#0072B2"));
    static final String[] SPARE_COLOURS = {"#D55E00", "#8C564B", "#7F7F7F", "#BCBD22", "#17BECF", "#000000"};

    private Plots() {
    }

    public static void main(String[] args) {
        writeAll(Path.of(args.length > 0 ? args[0] : "bench/results"), Path.of(args.length > 1 ? args[1] : "docs/img"));
    }

    /** Reads every {@code *.jsonl} in {@code resultsDir} and writes the charts into {@code outDir}. */
    static void writeAll(Path resultsDir, Path outDir) {
        try {
            List<Row> rows = read(resultsDir);
            Files.createDirectories(outDir);
            write(outDir, "requests-per-second.svg", requestsPerSecond(rows));
            write(outDir, "fanout-delivered.svg", fanoutDelivered(rows));
            write(outDir, "fanout-latency.svg", fanoutLatency(rows));
            write(outDir, "resume-storm.svg", resumeStorm(rows));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path outDir, String name, String svg) throws IOException {
        if (svg == null) {
            System.out.println("no data for " + name);
            return;
        }
        Path file = outDir.resolve(name);
        Files.writeString(file, svg);
        System.out.println("wrote " + file);
    }

    // ---- the charts -------------------------------------------------------------------------------------------

    /**
     * Which line supplies a (transport, clients) point when several files have one: the 5,000-client rows come
     * from the {@code large} profile, {@code seed-table-large.jsonl} (the first {@code full} run's 5,000-client
     * rows were flawed, see docs/benchmarks.md), every other row from the {@code full} profile,
     * {@code seed-table-full.jsonl}; any other file (quick: 15 s windows; ad-hoc files) only fills gaps, quick
     * last. Within one file the last line wins.
     */
    static double seedRank(Row r) {
        return switch (r.file()) {
            case "seed-table-large.jsonl" -> r.num("clients") >= 5000 ? 3 : 1;
            case "seed-table-full.jsonl" -> 2;
            case "seed-table-quick.jsonl" -> 0;
            default -> 1;
        };
    }

    /** Fan-out and resume lines: the run with the most clients, then fanout-full over other files over quick ones. */
    static double runRank(Row r) {
        int file = r.file().endsWith("-full.jsonl") ? 2 : r.file().endsWith("-quick.jsonl") ? 0 : 1;
        return r.num("clients") * 10 + file;
    }

    static String requestsPerSecond(List<Row> rows) {
        Map<List<Object>, Row> points = pick(rows.stream().filter(r -> r.is("seed-table") && r.str("transport") != null
                        && r.num("clients") > 0 && r.num("seconds") > 0 && finiteNonNegative(r.num("subscriberRequests"))),
                r -> List.of(r.str("transport"), r.num("clients")), Plots::seedRank);
        if (points.isEmpty()) {
            return null;
        }
        double[] xs = points.values().stream().mapToDouble(r -> r.num("clients")).distinct().sorted().toArray();
        List<Series> series = new ArrayList<>();
        for (String t : ordered(points.values(), "transport", TRANSPORTS)) {
            double[] v = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                Row r = points.get(List.of(t, xs[i]));
                v[i] = r == null ? Double.NaN : r.num("subscriberRequests") / r.num("seconds");
            }
            series.add(new Series(display(TRANSPORTS, t), colour(t), v, null));
        }
        return lineChart("Subscriber requests per second, by transport",
                "requests/s = subscriberRequests ÷ seconds; log scales, 0 drawn at the bottom",
                "clients (log scale)", "subscriber requests / s", xs, series, sources(points.values()));
    }

    static String fanoutDelivered(List<Row> rows) {
        Map<List<Object>, Row> runs = pickFanout(rows, "fanout", r -> finiteNonNegative(r.num("deliveredPerSecond")));
        if (runs.isEmpty()) {
            return null;
        }
        List<String> transports = ordered(runs.values(), "transport", TRANSPORTS);
        boolean sameClients = uniform(runs.values(), "clients");
        List<Series> series = new ArrayList<>();
        for (String s : ordered(runs.values(), "system", SYSTEMS)) {
            double[] v = new double[transports.size()];
            String[] labels = new String[v.length];
            for (int g = 0; g < v.length; g++) {
                Row r = runs.get(List.of(s, transports.get(g)));
                v[g] = r == null ? Double.NaN : r.num("deliveredPerSecond");
                labels[g] = r == null ? null : fmtValue(v[g]) + (sameClients ? "" : " @" + fmtCount(r.num("clients")));
            }
            series.add(new Series(display(SYSTEMS, s), colour(s), v, labels));
        }
        String[] groups = transports.stream().map(t -> display(TRANSPORTS, t)).toArray(String[]::new);
        return barChart("Fan-out: notifications delivered per second", fanoutSubtitle(runs.values(), ""),
                "delivered / s", groups, series, false, sources(runs.values()));
    }

    static String fanoutLatency(List<Row> rows) {
        String[] fields = {"p50ms", "p90ms", "p99ms"};
        // Latency at the same offered load for every system (the paced window), not at saturation.
        Map<List<Object>, Row> runs = pickFanout(rows, "fanout-paced",
                r -> Arrays.stream(fields).anyMatch(f -> finiteNonNegative(r.num(f))));
        if (runs.isEmpty()) {
            return null;
        }
        List<Row> pairs = sortedPairs(runs.values());
        boolean sameClients = uniform(pairs, "clients");
        List<Series> series = new ArrayList<>();
        for (String f : fields) {
            double[] v = new double[pairs.size()];
            String[] labels = new String[v.length];
            for (int g = 0; g < v.length; g++) {
                v[g] = pairs.get(g).num(f);
                labels[g] = fmtValue(v[g]) + (sameClients ? "" : " @" + fmtCount(pairs.get(g).num("clients")));
            }
            String p = f.substring(0, 3);
            series.add(new Series(p, colour(p), v, labels));
        }
        return barChart("Fan-out: delivery latency at the same load", fanoutSubtitle(pairs, "; log scale"),
                "latency, ms (log scale)", pairLabels(pairs), series, true, sources(pairs));
    }

    static String resumeStorm(List<Row> rows) {
        Map<List<Object>, Row> runs = pick(rows.stream().filter(r -> r.is("resume") && r.str("system") != null
                        && r.str("transport") != null && r.num("clients") > 0 && finiteNonNegative(r.num("catchUpSeconds"))),
                r -> List.of(r.str("system"), r.str("transport")), Plots::runRank);
        if (runs.isEmpty()) {
            return null;
        }
        List<Row> pairs = sortedPairs(runs.values());
        boolean sameClients = uniform(pairs, "clients");
        double[] v = pairs.stream().mapToDouble(r -> r.num("catchUpSeconds")).toArray();
        String[] labels = new String[v.length];
        for (int g = 0; g < v.length; g++) {
            labels[g] = fmtValue(v[g]) + (sameClients ? "" : " @" + fmtCount(pairs.get(g).num("clients")));
        }
        String subtitle = "all clients reconnect at once"
                + (sameClients ? "; " + fmtCount(pairs.get(0).num("clients")) + " clients" : "")
                + (uniform(pairs, "missed") ? ", each " + fmtCount(pairs.get(0).num("missed")) + " events behind" : "");
        return barChart("Resume storm: time until every client has caught up", subtitle, "seconds", pairLabels(pairs),
                List.of(new Series("last client caught up", colour("catchUp"), v, labels)), false, sources(pairs));
    }

    private static Map<List<Object>, Row> pickFanout(List<Row> rows, String kind, Predicate<Row> has) {
        return pick(rows.stream().filter(r -> r.is(kind) && r.str("system") != null && r.str("transport") != null
                && r.num("clients") > 0 && has.test(r)), r -> List.of(r.str("system"), r.str("transport")), Plots::runRank);
    }

    private static String fanoutSubtitle(Collection<Row> runs, String tail) {
        Row any = runs.iterator().next();
        List<String> parts = new ArrayList<>();
        if (uniform(runs, "clients")) {
            parts.add(fmtCount(any.num("clients")) + " clients");
        }
        if (uniform(runs, "recipientsPerCall") && any.num("recipientsPerCall") > 0) {
            parts.add(fmtCount(any.num("recipientsPerCall")) + " recipients per publish call");
        }
        if (uniform(runs, "offeredPerSecond") && any.num("offeredPerSecond") > 0) {
            parts.add(fmtCount(any.num("offeredPerSecond")) + " events/s offered to each");
        } else if (uniform(runs, "callsInFlight") && any.num("callsInFlight") > 0) {
            parts.add(fmtCount(any.num("callsInFlight")) + " calls in flight");
        }
        return (parts.isEmpty() ? "largest run per system and transport" : String.join(", ", parts)) + tail;
    }

    /** (system, transport) rows in display order: systems as in {@link #SYSTEMS}, then transports. */
    private static List<Row> sortedPairs(Collection<Row> runs) {
        List<String> systems = ordered(runs, "system", SYSTEMS);
        List<String> transports = ordered(runs, "transport", TRANSPORTS);
        return runs.stream().sorted((a, b) -> systems.indexOf(a.str("system")) != systems.indexOf(b.str("system"))
                ? systems.indexOf(a.str("system")) - systems.indexOf(b.str("system"))
                : transports.indexOf(a.str("transport")) - transports.indexOf(b.str("transport"))).toList();
    }

    private static String[] pairLabels(List<Row> pairs) {
        return pairs.stream().map(r -> display(SYSTEMS, r.str("system")) + "\n" + display(TRANSPORTS, r.str("transport")))
                .toArray(String[]::new);
    }

    // ---- the rows ---------------------------------------------------------------------------------------------

    /** One results line: the file it came from (name only), its position among all lines read, its fields. */
    record Row(String file, int seq, JsonObject fields) {
        boolean is(String kind) {
            return kind.equals(str("kind"));
        }

        /** The field as a string, null when missing or not a string. */
        String str(String key) {
            return JsonText.stringOr(fields, key);
        }

        /** The field as a number, NaN when missing (or null: not measured) or not a number. */
        double num(String key) {
            return fields.get(key) instanceof JsonNumber n ? n.doubleValue() : Double.NaN;
        }
    }

    /** Every line with a kind of every {@code *.jsonl} directly in {@code dir} (files in name order), read by {@link ResultsFile}. */
    static List<Row> read(Path dir) throws IOException {
        List<Row> rows = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            System.out.println("no results directory " + dir);
            return rows;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p)).sorted().toList();
        }
        for (Path file : files) {
            ResultsFile.Lines lines = ResultsFile.read(file);
            if (lines.unreadable() > 0) {
                System.out.println("skipped " + lines.unreadable() + " lines of " + file + " that are no JSON object");
            }
            for (JsonObject line : lines.objects()) {
                if (JsonText.stringOr(line, "kind") != null) {
                    rows.add(new Row(file.getFileName().toString(), rows.size(), line));
                }
            }
        }
        return rows;
    }

    /** For each key the row of highest rank; on a tie the later row (the last line of a file wins). */
    static <K> Map<K, Row> pick(Stream<Row> rows, Function<Row, K> key, ToDoubleFunction<Row> rank) {
        Map<K, Row> best = new LinkedHashMap<>();
        rows.forEach(r -> best.merge(key.apply(r), r, (a, b) -> rank.applyAsDouble(b) >= rank.applyAsDouble(a) ? b : a));
        return best;
    }

    /** The distinct values of a string field: the known ones in their order, then the others as they come. */
    static List<String> ordered(Collection<Row> rows, String field, Map<String, String> known) {
        List<String> present = rows.stream().map(r -> r.str(field)).distinct().toList();
        List<String> out = new ArrayList<>(known.keySet().stream().filter(present::contains).toList());
        present.stream().filter(p -> !known.containsKey(p)).forEach(out::add);
        return out;
    }

    /** Whether every row has the same finite value in the field. */
    static boolean uniform(Collection<Row> rows, String field) {
        return rows.stream().map(r -> r.num(field)).distinct().count() == 1 && Double.isFinite(rows.iterator().next().num(field));
    }

    static String sources(Collection<Row> rows) {
        return rows.stream().map(Row::file).collect(Collectors.toCollection(TreeSet::new)).toString();
    }

    static boolean finiteNonNegative(double v) {
        return Double.isFinite(v) && v >= 0;
    }

    static String display(Map<String, String> names, String key) {
        return names.getOrDefault(key, key);
    }

    static String colour(String key) {
        return COLOURS.getOrDefault(key, SPARE_COLOURS[Math.floorMod(key.hashCode(), SPARE_COLOURS.length)]);
    }

    private static Map<String, String> names(String... keyThenName) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyThenName.length; i += 2) {
            m.put(keyThenName[i], keyThenName[i + 1]);
        }
        return m;
    }

    // ---- drawing ----------------------------------------------------------------------------------------------

    /** A named series: a value per category (NaN: none), optional labels for the values (bar charts). */
    record Series(String name, String colour, double[] values, String[] labels) {
    }

    /** Values in one grouped bar chart: a group per category, a bar per series that has a value there. */
    static String barChart(String title, String subtitle, String yTitle, String[] groups, List<Series> series,
            boolean logY, String sources) {
        Frame f = new Frame(title, subtitle, series, false, sources);
        double groupWidth = (RIGHT - LEFT) / groups.length;
        int most = 1;
        for (int g = 0; g < groups.length; g++) {
            most = Math.max(most, bars(series, g));
        }
        double barWidth = Math.min(64, groupWidth * 0.82 / most);
        double widest = 0;
        for (Series s : series) {
            for (int g = 0; g < groups.length; g++) {
                if (Double.isFinite(s.values()[g])) {
                    widest = Math.max(widest, textWidth(label(s, g), 10));
                }
            }
        }
        boolean rotate = widest > barWidth + 6;
        YAxis y = f.yAxis(series, logY, rotate ? widest + 10 : 18, 0, yTitle);
        for (int g = 0; g < groups.length; g++) {
            double centre = LEFT + groupWidth * (g + 0.5);
            double x = centre - bars(series, g) * barWidth / 2;
            for (Series s : series) {
                double v = s.values()[g];
                if (!Double.isFinite(v)) {
                    continue;
                }
                double top = y.y(v);
                f.svg.rect(x + 1, top, barWidth - 2, BOTTOM - 0.5 - top, s.colour());
                String text = label(s, g);
                if (rotate) {
                    f.svg.text(x + barWidth / 2 + 3.5, top - 4, text, 10, "start",
                            "fill=\"#222\" transform=\"rotate(-90 " + num(x + barWidth / 2 + 3.5) + " " + num(top - 4) + ")\"");
                } else {
                    f.svg.text(x + barWidth / 2, top - 4, text, 10, "middle", "fill=\"#222\"");
                }
                x += barWidth;
            }
            List<String> lines = new ArrayList<>();
            for (String part : groups[g].split("\n")) {
                lines.addAll(wrap(part, groupWidth - 4, 11));
            }
            for (int l = 0; l < lines.size(); l++) {
                f.svg.text(centre, BOTTOM + 16 + 13 * l, lines.get(l), 11, "middle", "fill=\"#222\"");
            }
        }
        return f.svg.done();
    }

    /** Lines with markers over a logarithmic x axis (the categories are the x values), log y. */
    static String lineChart(String title, String subtitle, String xTitle, String yTitle, double[] xs, List<Series> series,
            String sources) {
        Frame f = new Frame(title, subtitle, series, true, sources);
        YAxis y = f.yAxis(series, true, 10, 12, yTitle); // points kept off the x axis
        double l0 = Math.log10(xs[0]);
        double l1 = Math.log10(xs[xs.length - 1]);
        double[] px = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            px[i] = l1 == l0 ? (LEFT + RIGHT) / 2 : LEFT + 40 + (Math.log10(xs[i]) - l0) / (l1 - l0) * (RIGHT - LEFT - 80);
            f.svg.line(px[i], f.top, px[i], BOTTOM, "#e6e6e6", 1, "");
            f.svg.line(px[i], BOTTOM, px[i], BOTTOM + 5, "#444", 1, "");
            f.svg.text(px[i], BOTTOM + 18, fmtTick(xs[i]), 11, "middle", "fill=\"#222\"");
        }
        f.svg.text((LEFT + RIGHT) / 2, BOTTOM + 42, xTitle, 12, "middle", "fill=\"#222\"");
        // Series that coincide (several transports at 0, say) share a segment in alternating dashes and a point in
        // concentric markers, so that every colour stays visible; wholly identical series are also named on the chart.
        Map<String, List<Integer>> shared = new HashMap<>();
        Map<String, List<Integer>> identical = new LinkedHashMap<>();
        List<List<double[]>> points = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) {
            List<double[]> p = new ArrayList<>();
            for (int i = 0; i < xs.length; i++) {
                double v = series.get(s).values()[i];
                if (finiteNonNegative(v)) {
                    p.add(new double[] {px[i], y.y(v)});
                    shared.computeIfAbsent(num(px[i]) + "," + num(y.y(v)), k -> new ArrayList<>()).add(s);
                }
            }
            for (int i = 1; i < p.size(); i++) {
                shared.computeIfAbsent(key(p.get(i - 1), p.get(i)), k -> new ArrayList<>()).add(s);
            }
            points.add(p);
            identical.computeIfAbsent(p.stream().map(q -> num(q[0]) + "," + num(q[1])).collect(Collectors.joining(" ")),
                    k -> new ArrayList<>()).add(s);
        }
        for (int s = 0; s < series.size(); s++) {
            List<double[]> p = points.get(s);
            for (int i = 1; i < p.size(); i++) {
                List<Integer> with = shared.get(key(p.get(i - 1), p.get(i)));
                int k = with.size();
                String dash = k == 1 ? ""
                        : "stroke-dasharray=\"9 " + 9 * (k - 1) + "\" stroke-dashoffset=\"" + 9 * with.indexOf(s) + "\"";
                f.svg.line(p.get(i - 1)[0], p.get(i - 1)[1], p.get(i)[0], p.get(i)[1], series.get(s).colour(), 2.5, dash);
            }
        }
        for (int s = 0; s < series.size(); s++) {
            for (double[] p : points.get(s)) {
                List<Integer> with = shared.get(num(p[0]) + "," + num(p[1]));
                double r = 4.5 + 2.2 * (with.size() - 1 - with.indexOf(s));
                f.svg.marker(s, p[0], p[1], r, series.get(s).colour());
            }
        }
        for (List<Integer> same : identical.values()) {
            if (same.size() > 1 && !points.get(same.get(0)).isEmpty()) {
                double[] p = points.get(same.get(0)).get(0);
                f.svg.text(p[0] + 14, p[1] - 12, same.stream().map(s -> series.get(s).name()).collect(Collectors.joining(" = ")),
                        11, "start", "fill=\"#444\"");
            }
        }
        return f.svg.done();
    }

    private static int bars(List<Series> series, int group) {
        return (int) series.stream().filter(s -> Double.isFinite(s.values()[group])).count();
    }

    private static String key(double[] a, double[] b) {
        return num(a[0]) + "," + num(a[1]) + "-" + num(b[0]) + "," + num(b[1]);
    }

    private static String label(Series s, int g) {
        return s.labels() != null && s.labels()[g] != null ? s.labels()[g] : fmtValue(s.values()[g]);
    }

    /** What every chart has: title, subtitle, legend, the y axis with its gridlines, the axis lines. */
    static final class Frame {
        final Svg svg = new Svg();
        final double top;

        Frame(String title, String subtitle, List<Series> series, boolean lines, String sources) {
            svg.raw("<desc>Drawn by dev.tidings.bench.Plots from " + esc(sources) + "</desc>\n");
            svg.text(W / 2.0, 24, title, 16, "middle", "font-weight=\"bold\" fill=\"#111\"");
            svg.text(W / 2.0, 42, subtitle, 11.5, "middle", "fill=\"#555\"");
            // legend: centred rows of (swatch, name)
            List<List<Integer>> rows = new ArrayList<>(List.of(new ArrayList<>()));
            double rowWidth = 0;
            double[] width = new double[series.size()];
            for (int s = 0; s < series.size(); s++) {
                width[s] = 26 + textWidth(series.get(s).name(), 12) + 18;
                if (rowWidth + width[s] > RIGHT - LEFT && rowWidth > 0) {
                    rows.add(new ArrayList<>());
                    rowWidth = 0;
                }
                rows.get(rows.size() - 1).add(s);
                rowWidth += width[s];
            }
            for (int r = 0; r < rows.size(); r++) {
                double x = (LEFT + RIGHT) / 2 - rows.get(r).stream().mapToDouble(s -> width[s]).sum() / 2 + 9;
                double y = 62 + 18 * r;
                for (int s : rows.get(r)) {
                    String c = series.get(s).colour();
                    if (lines) {
                        svg.line(x, y, x + 20, y, c, 2.5, "");
                        svg.marker(s, x + 10, y, 4.5, c);
                    } else {
                        svg.rect(x + 4, y - 6, 12, 12, c);
                    }
                    svg.text(x + 26, y + 4, series.get(s).name(), 12, "start", "fill=\"#222\"");
                    x += width[s];
                }
            }
            top = 62 + 18 * (rows.size() - 1) + 20;
        }

        /** Builds the y axis for the values of the series and draws its gridlines, ticks and title. */
        YAxis yAxis(List<Series> series, boolean log, double room, double pad, String title) {
            YAxis y = new YAxis(series.stream().flatMapToDouble(s -> Arrays.stream(s.values())).toArray(), log, top, room, pad);
            for (double[] t : y.ticks()) {
                double py = y.y(t[0]);
                svg.line(LEFT, py, RIGHT, py, "#e6e6e6", 1, "");
                svg.line(LEFT - 5, py, LEFT, py, "#444", 1, "");
                svg.text(LEFT - 8, py + 4, t[1] == 0 ? "0" : fmtTick(t[0]), 11, "end", "fill=\"#222\"");
            }
            double mid = (top + BOTTOM) / 2;
            svg.text(18, mid, title, 12, "middle", "fill=\"#222\" transform=\"rotate(-90 18 " + num(mid) + ")\"");
            svg.line(LEFT, top, LEFT, BOTTOM, "#444", 1, "");
            svg.line(LEFT, BOTTOM, RIGHT, BOTTOM, "#444", 1, "");
            if (y.zero) { // the log axis breaks between 0 and its lowest decade
                double b = (y.y(0) + y.y(Math.pow(10, y.lo + 1))) / 2;
                svg.rect(LEFT - 6, b - 3, 12, 6, "#fff");
                svg.line(LEFT - 6, b + 1, LEFT + 6, b - 5, "#444", 1, "");
                svg.line(LEFT - 6, b + 5, LEFT + 6, b - 1, "#444", 1, "");
            }
            return y;
        }
    }

    /**
     * A linear axis from 0 (or the least value) or a log axis from the decade below the least positive value;
     * with {@code zero}, a log axis has a decade below that for the zero values, labelled 0. The top leaves
     * {@code room} pixels above the largest value (for value labels); the bottom value sits {@code pad} pixels
     * above the x axis.
     */
    static final class YAxis {
        final boolean log;
        final boolean zero;
        final double lo;
        final double hi;
        final double top;
        final double bottom;

        YAxis(double[] values, boolean log, double top, double room, double pad) {
            this.log = log;
            this.top = top;
            this.bottom = BOTTOM - pad;
            double max = 0;
            double min = 0;
            double minPositive = Double.POSITIVE_INFINITY;
            boolean anyZero = false;
            for (double v : values) {
                if (Double.isFinite(v)) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                    anyZero |= v <= 0;
                    minPositive = v > 0 ? Math.min(minPositive, v) : minPositive;
                }
            }
            double stretch = (bottom - top) / (bottom - top - room);
            if (log) {
                if (minPositive == Double.POSITIVE_INFINITY) {
                    minPositive = max = 1;
                }
                double decade = Math.floor(Math.log10(minPositive));
                if (Math.log10(minPositive) - decade < 0.15) {
                    decade--; // keep the least value off the bottom
                }
                zero = anyZero;
                lo = decade - (zero ? 1 : 0);
                hi = lo + (Math.log10(max) - lo) * stretch;
            } else {
                zero = false;
                lo = min;
                double raw = lo + (max > lo ? max - lo : 1) * stretch;
                double step = step(raw - lo);
                hi = Math.ceil(raw / step - 1e-9) * step;
            }
        }

        double y(double v) {
            double t = log ? (v <= 0 ? 0 : (Math.log10(v) - lo) / (hi - lo)) : (v - lo) / (hi - lo);
            return bottom - t * (bottom - top);
        }

        /** Tick values; a second element 0 marks the tick for zero values of a log axis. */
        List<double[]> ticks() {
            List<double[]> t = new ArrayList<>();
            if (log) {
                if (zero) {
                    t.add(new double[] {0, 0});
                }
                int first = (int) lo + (zero ? 1 : 0);
                boolean fine = hi - first <= 2.2;
                for (int d = first; d <= hi + 1e-9; d++) {
                    for (int m : fine ? new int[] {1, 2, 5} : new int[] {1}) {
                        double v = m * Math.pow(10, d);
                        if (Math.log10(v) <= hi + 1e-9) {
                            t.add(new double[] {v, 1});
                        }
                    }
                }
            } else {
                double step = step(hi - lo);
                for (double v = Math.ceil(lo / step) * step; v <= hi + step * 1e-6; v += step) {
                    t.add(new double[] {v, 1});
                }
            }
            return t;
        }

        /** A round step giving about five ticks over {@code span}. */
        static double step(double span) {
            double raw = span / 5;
            double p = Math.pow(10, Math.floor(Math.log10(raw)));
            for (double m : new double[] {1, 2, 2.5, 5}) {
                if (m * p >= raw) {
                    return m * p;
                }
            }
            return 10 * p;
        }
    }

    /** A 720×420 SVG document written by hand. */
    static final class Svg {
        private final StringBuilder b = new StringBuilder();

        Svg() {
            b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                    .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" font-family=\"sans-serif\">\n")
                    .append("<rect width=\"").append(W).append("\" height=\"").append(H).append("\" fill=\"#fff\"/>\n");
        }

        void raw(String s) {
            b.append(s);
        }

        void line(double x1, double y1, double x2, double y2, String stroke, double width, String extra) {
            b.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"").append(num(x2))
                    .append("\" y2=\"").append(num(y2)).append("\" stroke=\"").append(stroke).append("\" stroke-width=\"")
                    .append(num(width)).append("\" ").append(extra).append("/>\n");
        }

        void rect(double x, double y, double w, double h, String fill) {
            b.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w))
                    .append("\" height=\"").append(num(Math.max(0, h))).append("\" fill=\"").append(fill).append("\"/>\n");
        }

        void text(double x, double y, String text, double size, String anchor, String extra) {
            b.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" font-size=\"").append(num(size))
                    .append("\" text-anchor=\"").append(anchor).append("\" ").append(extra).append('>').append(esc(text))
                    .append("</text>\n");
        }

        /** Marker shape by series index: circle, square, triangle, diamond, triangle down. */
        void marker(int shape, double x, double y, double r, String fill) {
            String style = "fill=\"" + fill + "\" stroke=\"#fff\" stroke-width=\"1\"";
            double q = r * .85;
            switch (shape % 5) {
                case 0 -> b.append("<circle cx=\"").append(num(x)).append("\" cy=\"").append(num(y)).append("\" r=\"")
                        .append(num(r)).append("\" ").append(style).append("/>\n");
                case 1 -> polygon(style, x - q, y - q, x + q, y - q, x + q, y + q, x - q, y + q);
                case 2 -> polygon(style, x, y - r * 1.15, x + r, y + r * .75, x - r, y + r * .75);
                case 3 -> polygon(style, x, y - r * 1.2, x + r * 1.2, y, x, y + r * 1.2, x - r * 1.2, y);
                default -> polygon(style, x, y + r * 1.15, x + r, y - r * .75, x - r, y - r * .75);
            }
        }

        private void polygon(String style, double... xy) {
            b.append("<polygon points=\"");
            for (int i = 0; i < xy.length; i += 2) {
                b.append(i == 0 ? "" : " ").append(num(xy[i])).append(',').append(num(xy[i + 1]));
            }
            b.append("\" ").append(style).append("/>\n");
        }

        String done() {
            return b.append("</svg>\n").toString();
        }
    }

    // ---- text -------------------------------------------------------------------------------------------------

    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** About the width of a sans-serif text, in pixels. */
    static double textWidth(String s, double size) {
        return s.length() * size * 0.58;
    }

    /** Splits a label at spaces into lines no wider than {@code width}. */
    static List<String> wrap(String text, double width, double size) {
        List<String> lines = new ArrayList<>();
        String line = "";
        for (String word : text.split(" ")) {
            String longer = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && textWidth(longer, size) > width) {
                lines.add(line);
                line = word;
            } else {
                line = longer;
            }
        }
        lines.add(line);
        return lines;
    }

    static String fmtTick(double v) {
        if (Math.abs(v - Math.rint(v)) < 1e-9) {
            return String.format(Locale.ROOT, "%,d", Math.round(v));
        }
        return new BigDecimal(String.format(Locale.ROOT, "%.6f", v)).stripTrailingZeros().toPlainString();
    }

    static String fmtCount(double v) {
        return String.format(Locale.ROOT, "%,d", Math.round(v));
    }

    static String fmtValue(double v) {
        double a = Math.abs(v);
        String f = a == 0 ? "%.0f" : a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, f, v);
    }
}
