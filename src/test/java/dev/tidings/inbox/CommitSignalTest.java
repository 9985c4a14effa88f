package dev.tidings.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.security.UserIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommitSignalTest {

    private static Inbox inbox(String user, long lastSeq) {
        Inbox inbox = new Inbox(user);
        for (long i = 0; i < lastSeq; i++) {
            inbox.nextSeq();
        }
        return inbox;
    }

    @Test
    void aCommitNamesEachUserWithTheirNewestSeq() {
        String payload = CommitSignal.payload("node-a", List.of(inbox("alice", 3), inbox("bob@example.com", 12)));
        InboxesChanged heard = CommitSignal.parse("node-b", payload);
        assertFalse(heard.everyone());
        assertEquals(Map.of("alice", 3L, "bob@example.com", 12L), heard.lastSeqs());
    }

    @Test
    void aServerIgnoresItsOwnCommits() {
        assertNull(CommitSignal.parse("node-a", CommitSignal.payload("node-a", List.of(inbox("alice", 1)))));
    }

    @Test
    void aCommitOfMoreUsersThanFitSaysEveryoneAndStaysUnderPostgresLimit() {
        List<Inbox> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(inbox("user-with-a-rather-long-name-" + i, 1));
        }
        String payload = CommitSignal.payload("node-a", many);
        assertTrue(payload.getBytes(StandardCharsets.UTF_8).length < 8000, "PostgreSQL refuses 8,000 bytes or more");
        assertTrue(CommitSignal.parse("node-b", payload).everyone());
        List<Inbox> longest = new ArrayList<>();
        for (int i = 0; i < 62; i++) {
            longest.add(inbox("u".repeat(UserIds.MAX_LENGTH - 3) + String.format("%03d", i), 999));
        }
        String fits = CommitSignal.payload("node-a", longest.subList(0, 55));
        assertFalse(CommitSignal.parse("node-b", fits).everyone(), "55 users of the longest ids still fit");
        assertTrue(fits.getBytes(StandardCharsets.UTF_8).length < 8000);
        assertTrue(CommitSignal.parse("node-b", CommitSignal.payload("node-a", longest)).everyone(), "62 do not");
    }

    @Test
    void notificationsHeardTogetherAreOneHintWithTheHighestSeqs() {
        InboxesChanged merged = CommitSignal.merge("me", List.of(
                CommitSignal.payload("a", List.of(inbox("alice", 3))),
                CommitSignal.payload("me", List.of(inbox("carol", 9))),
                CommitSignal.payload("b", List.of(inbox("alice", 5), inbox("bob", 1)))));
        assertEquals(Map.of("alice", 5L, "bob", 1L), merged.lastSeqs(), "its own commit is left out; alice at her newest");
        assertTrue(CommitSignal.merge("me", List.of(CommitSignal.payload("a", List.of(inbox("alice", 3))), "b\n*")).everyone(),
                "one 'everyone' makes the whole hint everyone");
        assertNull(CommitSignal.merge("me", List.of(CommitSignal.payload("me", List.of(inbox("alice", 3))))),
                "only its own: nothing to do");
    }

    @Test
    void anErasedInboxIsAnnouncedAsAnEmptyLog() {
        // InboxLocks.erase leaves an empty stand-in for the announcement: other servers end connections given more.
        InboxesChanged heard = CommitSignal.parse("node-b", CommitSignal.payload("node-a", List.of(new Inbox("bob"), inbox("carol", 4))));
        assertEquals(Map.of("bob", 0L, "carol", 4L), heard.lastSeqs());
    }
}
