package dev.tidings.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.inbox.GroupCommit;
import dev.tidings.inbox.InboxReader;
import dev.tidings.inbox.InboxWriter;
import dev.tidings.it.Api;
import dev.tidings.it.Deployments;
import dev.tidings.likes.LikeTransaction;
import dev.tidings.publish.PublishRequest;
import dev.tidings.publish.Publisher;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In the container: an erasure empties every table of the user's rows and changes others' rows
 * only as an unlike would; and it takes the inbox locks as writes do, so publishes racing it land
 * wholly before it (erased) or wholly after it (a fresh inbox from seq 1), never torn.
 */
@ExtendWith(ArquillianExtension.class)
class ErasureTablesIT {

    private static final long WAIT_SECONDS = 60;

    @Deployment
    static WebArchive deployment() {
        return Deployments.tidings().addClasses(Tables.class, Api.class);
    }

    @Inject
    GroupCommit commits;

    @Inject
    Publisher publisher;

    @Inject
    LikeTransaction likes;

    @Inject
    InboxWriter writer;

    @Inject
    InboxReader reader;

    @Inject
    Erasure erasure;

    @Inject
    Tables tables;

    private void publish(String from, String key, String title, String... recipients) throws Exception {
        PublishRequest request = new PublishRequest(List.of(recipients), "comment", null, title, null, JsonObject.EMPTY_JSON_OBJECT, null);
        publisher.publish(from, key, request).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private void like(String object, String actor, String owner) throws Exception {
        commits.submit(List.of(owner), 4, () -> likes.like(object, actor, owner, "your post"))
                .toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private Erasure.Counts erase(String user) throws Exception {
        return commits.submit(List.of(), 500, () -> erasure.erase(user)).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static Map<String, Long> changed(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new HashMap<>();
        before.forEach((table, rows) -> {
            if (after.get(table) - rows != 0) {
                delta.put(table, after.get(table) - rows);
            }
        });
        return delta;
    }

    @Test
    void everyTableLosesTheUsersRowsAndOthersChangeOnlyAsByAnUnlike() throws Exception {
        String shop = Api.newUser("shop");
        String bob = Api.newUser("bob");
        String carol = Api.newUser("carol");
        String alice = Api.newUser("alice");
        publish(shop, Api.newUser("k"), "for both", bob, carol);
        publish(shop, Api.newUser("k"), "for bob", bob);
        publish(bob, Api.newUser("k"), "bob publishes too", carol); // bob as a publisher: his record goes, carol's notification stays
        like("post:" + bob, alice, bob);
        like("post:" + carol, bob, carol);
        like("post:" + carol, alice, carol);
        like("photo:" + alice, bob, alice);
        commits.submit(List.of(bob), 2, () -> writer.markRead(bob, null)).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        Map<String, Long> bobBefore = tables.rowsOf(bob);
        bobBefore.forEach((table, rows) -> assertTrue(rows > 0, "the test gives bob rows in " + table + ": " + bobBefore));
        List<String> bobsContents = tables.contentIdsOf(bob);
        List<String> carolsContents = tables.contentIdsOf(carol);
        String shared = bobsContents.stream().filter(carolsContents::contains).findFirst().orElseThrow();
        Map<String, Long> carolBefore = tables.rowsOf(carol);
        Map<String, Long> aliceBefore = tables.rowsOf(alice);

        Erasure.Counts counts = erase(bob);

        Map<String, Long> bobAfter = tables.rowsOf(bob);
        bobAfter.forEach((table, rows) -> assertEquals(0, rows, "bob's rows in " + table + ": " + bobAfter));
        for (String content : bobsContents) {
            assertEquals(content.equals(shared), tables.contentExists(content), "content " + content + " (shared: " + shared + ")");
        }
        carolsContents.forEach(content -> assertTrue(tables.contentExists(content), "carol's content " + content));
        // The records of the call to both and of bob's own call to carol name bob: they go (docs/operations.md says so).
        assertEquals(Map.of("events", 1L, "likes of own objects", -1L, "publications as recipient", -2L),
                changed(carolBefore, tables.rowsOf(carol)),
                "carol: her like notification updated (one event), bob's like of her post gone, the two records naming bob gone");
        assertEquals(Map.of("events", 1L, "likes made", -1L, "likes of own objects", -1L), changed(aliceBefore, tables.rowsOf(alice)),
                "alice: her like notification retracted (one event), her like of bob's post and bob's of her photo gone");
        assertEquals(1, counts.inbox());
        assertEquals(bobBefore.get("events"), counts.events());
        assertEquals(bobBefore.get("notifications"), counts.notifications());
        assertEquals(bobsContents.size() - 1, counts.contents());
        assertEquals(bobBefore.get("likes made"), counts.likesMade());
        assertEquals(bobBefore.get("likes of own objects"), counts.likesReceived());
        assertEquals(2, counts.ownerNotificationsChanged());
        assertEquals(bobBefore.get("publications as publisher") + bobBefore.get("publications as recipient"), counts.publications());
        assertEquals(1, reader.listing(carol, 50).notifications().stream().filter(n -> n.content().title().equals("bob publishes too")).count(),
                "what bob published to carol is carol's");
    }

    @Test
    void publishesRacingAnErasureLandWhollyBeforeOrWhollyAfterIt() throws Exception {
        String shop = Api.newUser("shop");
        String bob = Api.newUser("bob");
        String carol = Api.newUser("carol");
        List<CompletableFuture<?>> calls = new ArrayList<>();
        int publishes = 60;
        CompletableFuture<Erasure.Counts> erased = null;
        for (int i = 0; i < publishes; i++) {
            PublishRequest request = new PublishRequest(List.of(bob, carol), "comment", null, "n" + i, null, JsonObject.EMPTY_JSON_OBJECT, null);
            calls.add(publisher.publish(shop, null, request).toCompletableFuture());
            if (i == publishes / 2) {
                erased = commits.submit(List.of(), 500, () -> erasure.erase(bob)).toCompletableFuture();
            }
        }
        for (CompletableFuture<?> call : calls) {
            call.get(WAIT_SECONDS, TimeUnit.SECONDS); // none failed for the erasure
        }
        Erasure.Counts counts = erased.get(WAIT_SECONDS, TimeUnit.SECONDS);

        InboxReader.Listing bobNow = reader.listing(bob, 500);
        long after = bobNow.seq();
        assertEquals(publishes, counts.events() + after, "every publish to bob was erased or is in the fresh inbox");
        assertEquals(LongStream.rangeClosed(1, after).boxed().toList(), tables.seqsOf(bob), "the fresh log starts at 1, without a gap");
        assertEquals(after, bobNow.notifications().size());
        assertEquals(after, bobNow.unread());
        assertEquals(LongStream.rangeClosed(1, publishes).boxed().toList(), tables.seqsOf(carol), "carol's log is whole");
    }
}
