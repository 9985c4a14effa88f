package dev.tidings.likes;

import java.util.List;
import java.util.Optional;

/**
 * The aggregation rules: what the owner's one notification for a liked object says, given who
 * likes it. The owner's own like is never named nor counted; with no one else left there is no
 * notification (none is made, or the existing one is retracted).
 *
 * @param actors the actors to name, newest first, at most the configured number
 * @param count  how many people other than the owner like it
 * @param title  the notification's text, e.g. "erin and 3 others liked your post"
 */
public record LikeAggregate(List<String> actors, long count, String title) {

    /**
     * @param owner             whose object it is
     * @param likersNewestFirst everyone who likes it, newest first (the owner too, if they do)
     * @param actorsShown       how many actors the notification names at most (at least 1)
     * @param what              what the owner calls the object ("your post")
     */
    public static Optional<LikeAggregate> of(String owner, List<String> likersNewestFirst, int actorsShown, String what) {
        if (actorsShown < 1) {
            throw new IllegalArgumentException("a like notification names at least one actor");
        }
        List<String> others = likersNewestFirst.stream().filter(actor -> !actor.equals(owner)).distinct().toList();
        if (others.isEmpty()) {
            return Optional.empty();
        }
        List<String> shown = List.copyOf(others.subList(0, Math.min(others.size(), actorsShown)));
        return Optional.of(new LikeAggregate(shown, others.size(), LikeText.of(shown, others.size(), what)));
    }
}
