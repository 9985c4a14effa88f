package dev.tidings.bench.faults;

import dev.tidings.bench.TidingsApi.Receipt;
import dev.tidings.bench.ResultLine;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The figures of one kill-restart-verify run of the crash scenario, counted in three steps (the
 * logs before the retries, the retries' answers, the logs after them), and what they say: the
 * lines printed, the results line, the promises broken.
 */
final class CrashRun {

    /** A live client over the run: where it was at the kill, when it was back, how it compares with the log. */
    record Live(LiveClient.State atKill, double reconnectedAfterKillSeconds, LiveClient.Comparison comparison) {
    }

    private final int run;
    private final List<Call> mine;
    private final List<Call> unknown;
    private final long killNanos;
    private final Map<Call.Outcome, Long> outcomes = new EnumMap<>(Call.Outcome.class);
    private final Map<String, Long> non201Statuses = new TreeMap<>();
    private final Map<String, Object> timings = new LinkedHashMap<>();
    private final Map<String, Long> violations = new LinkedHashMap<>();
    private long committed;
    private long committedInFlight;
    private long partial;
    private long refusedCommitted;
    private long rejectedCommitted;
    private long replayedSameIds;
    private long idsDiffer;
    private long replayedButAbsent;
    private long unresolved;
    private long callsSoFar;
    private long users;
    private long events;
    private long acknowledgedMissing;
    private long retriedMissing;
    private long duplicated;
    private long gaps;
    private long unexplained;
    private long resets;
    private final List<Live> live = new ArrayList<>();
    private final List<String> evidence = new ArrayList<>();

    CrashRun(int run, List<Call> mine, long killNanos) {
        this.run = run;
        this.mine = mine;
        this.killNanos = killNanos;
        this.unknown = mine.stream().filter(c -> !c.acknowledged()).toList();
        mine.forEach(c -> outcomes.merge(c.first.outcome(), 1L, Long::sum));
        unknown.stream().filter(c -> c.first.outcome() == Call.Outcome.REJECTED)
                .forEach(c -> non201Statuses.merge(Integer.toString(c.first.status()), 1L, Long::sum));
    }

    /** The calls to retry: every one without a 201. */
    List<Call> unknown() {
        return unknown;
    }

    void timing(String name, Object value) {
        timings.put(name, value);
    }

    /**
     * Before any retry: which unanswered calls were committed anyway (in every recipient's log:
     * one transaction, so all or none), and whether that is possible (the request reached the
     * server: it was in flight at the kill).
     */
    void beforeRetry(LogCheck before) {
        for (Call c : unknown) {
            int present = before.presentFor(c);
            c.committedBeforeRetry = present == c.recipients.size();
            partial += present > 0 && present < c.recipients.size() ? 1 : 0;
            if (c.committedBeforeRetry) {
                committed++;
                committedInFlight += c.inFlightAt(killNanos) ? 1 : 0;
                refusedCommitted += c.first.outcome() == Call.Outcome.REFUSED ? 1 : 0;
                rejectedCommitted += c.first.outcome() == Call.Outcome.REJECTED ? 1 : 0;
            }
        }
    }

    /** The retries' answers: a committed call replayed with the ids the logs hold, any other committed now. */
    void retries(LogCheck before) {
        for (Call c : unknown) {
            if (c.receipts().isEmpty()) {
                unresolved++;
            } else if (c.committedBeforeRetry) {
                boolean same = c.retry.replayed() && before.missing(c.retry.receipts(), c.title) == 0;
                replayedSameIds += same ? 1 : 0;
                idsDiffer += same ? 0 : 1;
            } else if (c.retry.replayed()) {
                replayedButAbsent++;
            }
        }
    }

    /** After the retries: every call of every run so far exactly once in each recipient's log, the logs whole. */
    void afterRetry(LogCheck after, List<Call> all) {
        Set<String> titles = all.stream().map(c -> c.title).collect(Collectors.toSet());
        callsSoFar = all.size();
        users = after.logs().size();
        events = after.events();
        acknowledgedMissing = all.stream().filter(Call::acknowledged).mapToLong(c -> after.missing(c.first.receipts(), c.title)).sum();
        retriedMissing = all.stream().filter(c -> !c.acknowledged()).mapToLong(c -> after.missing(c.receipts(), c.title)).sum();
        for (Call c : all) {
            for (Receipt r : c.receipts()) {
                if (after.missing(List.of(r), c.title) > 0 && evidence.size() < 20) {
                    Call.Answer answer = c.acknowledged() ? c.first : c.retry;
                    evidence.add(String.format(Locale.ROOT, "%s %s (run %d) acknowledged %s at seq %d%s; sent %+.1f ms, first answer %+.1f ms"
                                    + " from the kill of its run; %s", c.acknowledged() ? "acknowledged" : "retried", c.key, c.run, r.id(),
                            r.seq(), answer.replayed() ? " (replayed)" : "", c.msAfterKill(c.sentNanos), c.msAfterKill(c.endedNanos),
                            after.explainMissing(r, c.title)));
                }
            }
        }
        duplicated = after.duplicated();
        gaps = after.gaps();
        unexplained = after.unexplained(titles);
        resets = after.resets();
    }

    void live(Live figures) {
        live.add(figures);
    }

    /** Each promise checked and how often it was broken (0: kept). */
    Map<String, Long> violations() {
        violations.clear();
        violations.put("acknowledged-and-missing", acknowledgedMissing);
        violations.put("retried-and-missing", retriedMissing);
        violations.put("duplicated", duplicated);
        violations.put("gaps", gaps);
        violations.put("events of no call", unexplained);
        violations.put("resets (a log purged: the run is too large)", resets);
        violations.put("partly committed", partial);
        violations.put("not connected yet committed", refusedCommitted);
        violations.put("non-201 yet committed", rejectedCommitted);
        violations.put("retry answered other ids", idsDiffer);
        violations.put("replayed though absent", replayedButAbsent);
        violations.put("retried without a 201", unresolved);
        for (Live l : live) {
            LiveClient.Comparison c = l.comparison();
            violations.put("live " + c.transport() + " lost", c.lost());
            violations.put("live " + c.transport() + " twice", c.twice());
            violations.put("live " + c.transport() + " different from the log", c.wrong());
        }
        return violations;
    }

    private long acknowledged() {
        return outcomes.getOrDefault(Call.Outcome.ACKNOWLEDGED, 0L);
    }

    private long acknowledgedBeforeKill() {
        return mine.stream().filter(c -> c.acknowledged() && c.endedNanos < killNanos).count();
    }

    private long inFlightAtKill() {
        return mine.stream().filter(c -> c.inFlightAt(killNanos)).count();
    }

    void print(int runs, String watched) {
        System.out.printf(Locale.ROOT, "crash run %d/%d: SIGKILL to pid %s after %.1f s of publishing; ready again %.1f s after the kill"
                        + " (server start to ready %.1f s)%n", run, runs, timings.get("killedPid"), timings.get("publishingBeforeKillSeconds"),
                timings.get("readyAfterKillSeconds"), timings.get("startToReadySeconds"));
        System.out.printf(Locale.ROOT, "  calls sent %d: acknowledged %d (%d before the kill), unknown %d (no answer %d, not connected %d,"
                        + " answered non-201 %d %s); %d were in flight at the kill%n",
                mine.size(), acknowledged(), acknowledgedBeforeKill(), unknown.size(), outcomes.getOrDefault(Call.Outcome.LOST, 0L),
                outcomes.getOrDefault(Call.Outcome.REFUSED, 0L), outcomes.getOrDefault(Call.Outcome.REJECTED, 0L), non201Statuses,
                inFlightAtKill());
        System.out.printf(Locale.ROOT, "  unknown but committed %d (in flight at the kill: %d; partly committed %d, not connected yet"
                + " committed %d, non-201 yet committed %d)%n", committed, committedInFlight, partial, refusedCommitted, rejectedCommitted);
        System.out.printf(Locale.ROOT, "  retried %d: %d replayed with the logs' ids, %d other ids, %d replayed though absent, %d without a 201%n",
                unknown.size(), replayedSameIds, idsDiffer, replayedButAbsent, unresolved);
        System.out.printf(Locale.ROOT, "  logs of %d users, %d events, calls of all runs so far %d: acknowledged-and-missing %d,"
                        + " retried-and-missing %d, duplicated %d, gaps %d, events of no call %d, resets %d%n",
                users, events, callsSoFar, acknowledgedMissing, retriedMissing, duplicated, gaps, unexplained, resets);
        evidence.forEach(line -> System.out.println("  MISSING: " + line));
        for (Live l : live) {
            LiveClient.Comparison c = l.comparison();
            System.out.printf(Locale.ROOT, "  live %s client of %s: %s at the kill with seq %d; connected again %.1f s after the kill;"
                            + " received %d in all, lost %d, twice %d, different from the log %d%n",
                    c.transport(), watched, l.atKill().open() ? "connected" : "NOT connected", l.atKill().lastSeq(),
                    l.reconnectedAfterKillSeconds(), c.received(), c.lost(), c.twice(), c.wrong());
        }
    }

    ResultLine json(String profile) {
        ResultLine line = ResultLine.of("crash").put("profile", profile).put("run", run);
        timings.forEach(line::put);
        ResultLine liveJson = ResultLine.nested();
        for (Live l : live) {
            LiveClient.Comparison c = l.comparison();
            liveJson.put(c.transport(), ResultLine.nested().put("connectedAtKill", l.atKill().open()).put("seqAtKill", l.atKill().lastSeq())
                    .put("reconnectedAfterKillSeconds", l.reconnectedAfterKillSeconds()).put("received", c.received())
                    .put("lost", c.lost()).put("twice", c.twice()).put("skippedLive", c.skippedLive())
                    .put("differentFromLog", c.wrong()).put("connects", c.connects()));
        }
        return line.put("calls", mine.size()).put("acknowledged", acknowledged()).put("acknowledgedBeforeKill", acknowledgedBeforeKill())
                .put("unknown", unknown.size()).put("noAnswer", outcomes.getOrDefault(Call.Outcome.LOST, 0L))
                .put("notConnected", outcomes.getOrDefault(Call.Outcome.REFUSED, 0L))
                .put("answeredNon201", outcomes.getOrDefault(Call.Outcome.REJECTED, 0L)).put("non201Statuses", non201Statuses)
                .put("inFlightAtKill", inFlightAtKill()).put("unknownCommitted", committed)
                .put("unknownCommittedInFlightAtKill", committedInFlight).put("partlyCommitted", partial)
                .put("notConnectedYetCommitted", refusedCommitted).put("non201YetCommitted", rejectedCommitted)
                .put("retried", unknown.size()).put("retriedReplayedSameIds", replayedSameIds).put("retriedOtherIds", idsDiffer)
                .put("replayedThoughAbsent", replayedButAbsent).put("retriedWithout201", unresolved)
                .put("callsSoFar", callsSoFar).put("users", users).put("events", events)
                .put("acknowledgedMissing", acknowledgedMissing).put("retriedMissing", retriedMissing)
                .put("duplicated", duplicated).put("gaps", gaps).put("eventsOfNoCall", unexplained).put("resets", resets)
                .put("live", liveJson);
    }
}
