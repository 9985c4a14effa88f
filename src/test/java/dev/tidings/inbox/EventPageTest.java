package dev.tidings.inbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** When a page of the log tells the client to reset: the events after its cursor were purged. */
class EventPageTest {

    private static InboxReader.EventPage page(long lastSeq, long... seqs) {
        List<CommittedEvent> events = LongStream.of(seqs).mapToObj(seq -> new CommittedEvent("bob", seq, "created", 1, "{}")).toList();
        long cursor = seqs.length == 0 ? 0 : seqs[seqs.length - 1];
        return new InboxReader.EventPage(events, cursor, 0, cursor < lastSeq, lastSeq);
    }

    @Test
    void theNextEventFirstIsNoGap() {
        assertFalse(page(7, 6, 7).startsAfterAGap(5));
        assertFalse(page(7, 1, 2).startsAfterAGap(0));
    }

    @Test
    void aLaterEventFirstIsAGap() {
        assertTrue(page(7, 7).startsAfterAGap(5), "6 was purged (by count)");
    }

    @Test
    void noEventAtAllWhileTheLogGoesFurtherIsAGap() {
        // The purge by age may remove a user's whole log: the inbox still says seq 7.
        assertTrue(page(7).startsAfterAGap(5));
        assertTrue(page(7).startsAfterAGap(0));
    }

    @Test
    void noEventAtTheNewestCursorIsNoGap() {
        assertFalse(page(7).startsAfterAGap(7), "nothing was missed");
        assertFalse(page(0).startsAfterAGap(0), "an empty inbox, or an erased one");
    }

    @Test
    void aCursorAheadOfTheLogIsRefused() {
        // What a client that kept its cursor across an erasure meets: it starts over from the listing.
        assertThrows(CursorAheadException.class, () -> page(0).requireCursorWithinLog(7));
        assertThrows(CursorAheadException.class, () -> page(2).requireCursorWithinLog(7));
    }
}
