package dev.tidings.bench.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.bench.TidingsApi.Receipt;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The crash scenario's checks of users' logs, and a live client's count against the log. */
class LogCheckTest {

    private static LogEvent created(long seq, String id, String title) {
        return new LogEvent(seq, "created", id, title);
    }

    private static Call acknowledged(String title, List<String> recipients, Receipt... receipts) {
        Call call = new Call(1, "key-" + title, title, recipients);
        call.first = new Call.Answer(Call.Outcome.ACKNOWLEDGED, 201, List.of(receipts), false, null);
        return call;
    }

    private static Call unanswered(String title, List<String> recipients) {
        Call call = new Call(1, "key-" + title, title, recipients);
        call.first = new Call.Answer(Call.Outcome.LOST, 0, List.of(), false, "IOException");
        return call;
    }

    private static Map<String, List<LogEvent>> logs(Object... userThenLog) {
        Map<String, List<LogEvent>> logs = new LinkedHashMap<>();
        for (int i = 0; i < userThenLog.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<LogEvent> log = (List<LogEvent>) userThenLog[i + 1];
            logs.put((String) userThenLog[i], log);
        }
        return logs;
    }

    @Test
    void wholeLogsBreakNothing() {
        LogCheck check = new LogCheck(logs("u1", List.of(created(1, "a", "A"), created(2, "b", "B")), "u2", List.of(created(1, "c", "C"))));
        assertEquals(0, check.gaps());
        assertEquals(0, check.duplicated());
        assertEquals(0, check.unexplained(Set.of("A", "B", "C")));
        assertEquals(0, check.resets());
        assertEquals(3, check.events());
        assertEquals(0, check.missing(List.of(new Receipt("u1", "b", 2)), "B"));
    }

    @Test
    void aSkippedARepeatedAndAMissingFirstSeqAreEachOneGap() {
        LogCheck check = new LogCheck(logs(
                "skips", List.of(created(1, "a", "A"), created(3, "b", "B"), created(4, "b4", "B4")), // one gap, then on from 3
                "repeats", List.of(created(1, "c", "C"), created(1, "d", "D")),
                "starts late", List.of(created(2, "e", "E"))));
        assertEquals(3, check.gaps());
    }

    @Test
    void aNotificationTwiceByTitleOrById() {
        LogCheck check = new LogCheck(logs(
                "u1", List.of(created(1, "a", "A"), created(2, "a2", "A")),
                "u2", List.of(created(1, "c", "C"), created(2, "c", "D"))));
        assertEquals(2, check.duplicated());
    }

    @Test
    void aReceiptIsMissingUnlessItsIdIsAtItsSeq() {
        LogCheck check = new LogCheck(logs("u1", List.of(created(1, "a", "A"), created(2, "b", "B"))));
        assertEquals(0, check.missing(List.of(new Receipt("u1", "a", 1)), "A"));
        assertEquals(1, check.missing(List.of(new Receipt("u1", "a", 2)), "A"), "at another seq");
        assertEquals(1, check.missing(List.of(new Receipt("u1", "x", 1)), "A"), "another id");
        assertEquals(1, check.missing(List.of(new Receipt("u1", "c", 3)), "C"), "not there");
        assertEquals(1, check.missing(List.of(new Receipt("u2", "a", 1)), "A"), "another user's log");
        assertTrue(check.explainMissing(new Receipt("u1", "c", 3), "C").contains("ends at seq 2"));
    }

    @Test
    void anEventOfNoCallAndAReset() {
        LogCheck check = new LogCheck(logs("u1", List.of(created(1, "a", "A"), created(2, "z", "Z"), new LogEvent(3, "reset", null, null))));
        assertEquals(1, check.unexplained(Set.of("A")));
        assertEquals(1, check.resets());
    }

    @Test
    void aCallInSomeOfItsRecipientsLogsOnlyIsPartlyCommitted() {
        Call both = unanswered("P", List.of("u1", "u2"));
        Call run = acknowledged("A", List.of("u1"), new Receipt("u1", "a", 1));
        CrashRun figures = new CrashRun(1, List.of(run, both), 0);
        figures.beforeRetry(new LogCheck(logs("u1", List.of(created(1, "a", "A"), created(2, "p", "P")), "u2", List.of())));
        assertEquals(1L, figures.violations().get("partly committed"));
        assertEquals(List.of(both), figures.unknown());
    }

    @Test
    void theCrashRunCountsEachBrokenPromiseOnce() {
        Call a = acknowledged("A", List.of("u1"), new Receipt("u1", "a", 1));
        Call b = acknowledged("B", List.of("u1"), new Receipt("u1", "b", 2)); // the log has it at 3: missing, and a gap
        Call c = acknowledged("C", List.of("u2"), new Receipt("u2", "c", 1)); // twice in u2's log
        List<Call> calls = List.of(a, b, c);
        CrashRun figures = new CrashRun(1, calls, 0);
        figures.afterRetry(new LogCheck(logs(
                "u1", List.of(created(1, "a", "A"), created(3, "b", "B")),
                "u2", List.of(created(1, "c", "C"), created(2, "c2", "C"), created(3, "x", "X")))), calls);
        Map<String, Long> broken = figures.violations();
        assertEquals(1L, broken.get("acknowledged-and-missing"));
        assertEquals(1L, broken.get("gaps"));
        assertEquals(1L, broken.get("duplicated"));
        assertEquals(1L, broken.get("events of no call"));
        assertEquals(0L, broken.get("retried-and-missing"));
        assertEquals(4L, broken.values().stream().mapToLong(Long::longValue).sum(), broken.toString());
    }

    @Test
    void aLiveClientCountsWhatItMissedGotTwiceAndGotWrong() {
        LiveClient live = LiveClient.of("sse", URI.create("http://127.0.0.1:1/"), null, "token");
        live.accept(List.of(created(1, "a", "A"), created(2, "b", "B")));
        live.accept(List.of(created(2, "b", "B"), new LogEvent(2, "reset", null, null))); // seen again after a reconnect
        live.accept(List.of(created(4, "dx", "D"))); // 3 skipped; 4 with another id than the log's
        List<LogEvent> log = List.of(created(1, "a", "A"), created(2, "b", "B"), created(3, "c", "C"), created(4, "d", "D"),
                created(5, "e", "E"));
        LiveClient.Comparison c = live.compare(log);
        assertEquals(3, c.received());
        assertEquals(2, c.lost(), "3 and 5");
        assertEquals(1, c.twice());
        assertEquals(1, c.skippedLive());
        assertEquals(1, c.wrong());
        assertEquals(new LiveClient.State(false, 4), live.state());
    }
}
