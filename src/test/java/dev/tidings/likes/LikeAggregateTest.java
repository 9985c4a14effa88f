package dev.tidings.likes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The rules of the owner's one like notification per object, apart from the database. */
class LikeAggregateTest {

    private static Optional<LikeAggregate> bobsPost(String... likersNewestFirst) {
        return LikeAggregate.of("bob", List.of(likersNewestFirst), 10, "your post");
    }

    @Test
    void theFirstLikeNamesItsActor() {
        LikeAggregate first = bobsPost("alice").orElseThrow();
        assertEquals("alice liked your post", first.title());
        assertEquals(List.of("alice"), first.actors());
        assertEquals(1, first.count());
    }

    @Test
    void manyLikesNameTheNewestCountTheRestAndListAtMostTheConfiguredNumber() {
        List<String> likers = IntStream.rangeClosed(1, 25).mapToObj(i -> "user" + (26 - i)).toList(); // user25 newest
        LikeAggregate many = LikeAggregate.of("bob", likers, 10, "your post").orElseThrow();
        assertEquals("user25 and 24 others liked your post", many.title());
        assertEquals(25, many.count());
        assertEquals(likers.subList(0, 10), many.actors());
    }

    @Test
    void unlikedToZeroLeavesNoNotification() {
        assertTrue(bobsPost().isEmpty());
    }

    @Test
    void aSelfLikeNotifiesNobody() {
        assertTrue(bobsPost("bob").isEmpty());
    }

    @Test
    void theOwnersLikeIsNeitherNamedNorCounted() {
        LikeAggregate withOwner = bobsPost("bob", "carol", "alice").orElseThrow();
        assertEquals("carol and alice liked your post", withOwner.title());
        assertEquals(List.of("carol", "alice"), withOwner.actors());
        assertEquals(2, withOwner.count());
    }

    @Test
    void anUnlikeRecountsFromWhoIsLeft() {
        assertEquals("carol liked your post", bobsPost("carol").orElseThrow().title());
        assertEquals("dave and 1 other liked your post", LikeAggregate.of("bob", List.of("dave", "carol"), 1, "your post")
                .orElseThrow().title());
    }

    @Test
    void namingNoActorAtAllIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> LikeAggregate.of("bob", List.of("alice"), 0, "your post"));
    }
}
