package dev.tidings.bench.faults;

import dev.tidings.bench.JsonText;
import dev.tidings.bench.TidingsApi;
import dev.tidings.bench.TidingsApi.Receipt;
import dev.tidings.bench.ResultLine;
import java.util.List;

/**
 * One publish call of the crash scenario: its Idempotency-Key, a title no other call has (so the
 * call can be found in every recipient's log), its recipients, and what became of it: the first
 * answer, and, for a call without a 201, the answer to its retry with the same key and body.
 */
final class Call {

    /** What a call's sender learned. */
    enum Outcome {
        /** 201 with a receipt per recipient: committed, says the server. */
        ACKNOWLEDGED,
        /** No connection (refused, connect timeout): the request never reached the server. */
        REFUSED,
        /** Sent, then no answer (reset, closed, timeout): committed or not, the sender cannot know. */
        LOST,
        /** An answer other than 201 (the application not deployed yet: 404; unavailable: 503). */
        REJECTED
    }

    /** An answer to one attempt. {@code status} is 0 without an answer. */
    record Answer(Outcome outcome, int status, List<Receipt> receipts, boolean replayed, String error) {
    }

    final int run;
    final String key;
    final String title;
    final List<String> recipients;
    /** System.nanoTime when the first attempt was sent, and when its answer (or failure) came. */
    volatile long sentNanos;
    volatile long endedNanos;
    volatile Answer first;
    /** The retry's answer, for a call whose first attempt had no 201. */
    volatile Answer retry;
    /** Whether every recipient's log held the call before the retry (null: not looked at). */
    volatile Boolean committedBeforeRetry;
    /** System.nanoTime of the kill in this call's run. */
    volatile long killNanos;

    Call(int run, String key, String title, List<String> recipients) {
        this.run = run;
        this.key = key;
        this.title = title;
        this.recipients = List.copyOf(recipients);
    }

    String body() {
        return TidingsApi.notification(recipients, "fault", title, JsonText.objectBuilder().add("run", run).build());
    }

    boolean acknowledged() {
        return first != null && first.outcome() == Outcome.ACKNOWLEDGED;
    }

    /** The receipts the server gave for this call: the first 201, or the retry's; empty when there is none. */
    List<Receipt> receipts() {
        if (acknowledged()) {
            return first.receipts();
        }
        return retry != null && retry.outcome() == Outcome.ACKNOWLEDGED ? retry.receipts() : List.of();
    }

    /** Milliseconds from the kill of its run to {@code nanos} (negative: before the kill). */
    double msAfterKill(long nanos) {
        return (nanos - killNanos) / 1e6;
    }

    /** Everything known about the call, for the forensic file. */
    ResultLine json() {
        ResultLine line = ResultLine.nested().put("key", key).put("run", run).put("recipients", recipients)
                .put("sentMsAfterKill", msAfterKill(sentNanos)).put("endedMsAfterKill", msAfterKill(endedNanos))
                .put("first", answer(first)).put("committedBeforeRetry", committedBeforeRetry);
        return retry == null ? line : line.put("retry", answer(retry));
    }

    private static ResultLine answer(Answer a) {
        return a == null ? null : ResultLine.nested().put("outcome", a.outcome().name()).put("status", a.status()).put("replayed", a.replayed())
                .put("receipts", a.receipts().stream().map(r -> r.recipient() + " " + r.id() + " " + r.seq()).toList()).put("error", a.error());
    }

    /** Sent before the kill and not answered until after it. */
    boolean inFlightAt(long killNanos) {
        return sentNanos < killNanos && endedNanos >= killNanos;
    }
}
