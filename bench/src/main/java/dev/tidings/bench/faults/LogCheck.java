package dev.tidings.bench.faults;

import dev.tidings.bench.TidingsApi.Receipt;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Users' logs as read at one moment, and what they say: where a call's notification is, and what
 * is wrong with the logs themselves (a notification twice, a seq missing or repeated, an event of
 * no call, a purge).
 */
final class LogCheck {

    private final Map<String, List<LogEvent>> logs;
    /** user → title → the events with that title (one, if all is well). */
    private final Map<String, Map<String, List<LogEvent>>> byTitle = new HashMap<>();

    LogCheck(Map<String, List<LogEvent>> logs) {
        this.logs = logs;
        logs.forEach((user, log) -> {
            Map<String, List<LogEvent>> titles = new HashMap<>();
            log.stream().filter(e -> e.title() != null)
                    .forEach(e -> titles.computeIfAbsent(e.title(), t -> new java.util.ArrayList<>()).add(e));
            byTitle.put(user, titles);
        });
    }

    Map<String, List<LogEvent>> logs() {
        return logs;
    }

    /** The event with this title in this user's log, if there is one. */
    Optional<LogEvent> find(String user, String title) {
        List<LogEvent> found = byTitle.getOrDefault(user, Map.of()).get(title);
        return found == null ? Optional.empty() : Optional.of(found.get(0));
    }

    /** How many of the call's recipients have it in their log. */
    int presentFor(Call call) {
        return (int) call.recipients.stream().filter(r -> find(r, call.title).isPresent()).count();
    }

    /** Whether the log holds each of the receipts, with that id at that seq. */
    long missing(Collection<Receipt> receipts, String title) {
        return receipts.stream()
                .filter(r -> find(r.recipient(), title).filter(e -> e.id().equals(r.id()) && e.seq() == r.seq()).isEmpty())
                .count();
    }

    /** What the log of the receipt's recipient says about it, when it does not hold it: for the report. */
    String explainMissing(Receipt r, String title) {
        List<LogEvent> log = logs.getOrDefault(r.recipient(), List.of());
        LogEvent atSeq = log.stream().filter(e -> e.seq() == r.seq()).findFirst().orElse(null);
        Optional<LogEvent> byTitle = find(r.recipient(), title);
        return "log of " + r.recipient() + " ends at seq " + (log.isEmpty() ? 0 : log.get(log.size() - 1).seq())
                + "; at seq " + r.seq() + ": " + (atSeq == null ? "nothing" : atSeq.title() + " " + atSeq.id())
                + "; this title: " + byTitle.map(e -> "at seq " + e.seq() + " " + e.id()).orElse("nowhere");
    }

    /** Notifications found more than once in one user's log: by title (a call applied twice) or by id. */
    long duplicated() {
        long twice = 0;
        for (Map.Entry<String, List<LogEvent>> log : logs.entrySet()) {
            twice += byTitle.get(log.getKey()).values().stream().mapToLong(events -> events.size() - 1).sum();
            Set<String> ids = new HashSet<>();
            twice += log.getValue().stream().filter(e -> e.id() != null && !ids.add(e.id())).count();
        }
        return twice;
    }

    /** Places where a user's seqs are not 1, 2, 3, …: a number skipped, repeated or out of order. */
    long gaps() {
        long gaps = 0;
        for (List<LogEvent> log : logs.values()) {
            long expected = 1;
            for (LogEvent e : log) {
                if (e.seq() != expected) {
                    gaps++;
                }
                expected = e.seq() + 1;
            }
        }
        return gaps;
    }

    /** Created events whose title is none of {@code titles}: in the log, but no call made them. */
    long unexplained(Set<String> titles) {
        return logs.values().stream().flatMap(List::stream)
                .filter(e -> !e.isReset() && (e.title() == null || !titles.contains(e.title()))).count();
    }

    /** Reset events: the log was purged below the cursor and could not be read whole. */
    long resets() {
        return logs.values().stream().flatMap(List::stream).filter(LogEvent::isReset).count();
    }

    long events() {
        return logs.values().stream().mapToLong(List::size).sum();
    }
}
