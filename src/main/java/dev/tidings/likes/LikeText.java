package dev.tidings.likes;

import java.util.List;

/** The words of an aggregated like: "alice liked your post", "alice and 3 others liked your post". */
public final class LikeText {

    private LikeText() {
    }

    /**
     * @param newestFirst the actors to name, newest first (at least one)
     * @param total       how many actors like it in all
     * @param what        what was liked, as its owner calls it ("your post")
     */
    public static String of(List<String> newestFirst, long total, String what) {
        if (newestFirst.isEmpty() || total < 1) {
            throw new IllegalArgumentException("a like needs an actor");
        }
        String first = newestFirst.get(0);
        if (total == 1) {
            return first + " liked " + what;
        }
        if (total == 2 && newestFirst.size() >= 2) {
            return first + " and " + newestFirst.get(1) + " liked " + what;
        }
        long others = total - 1;
        return first + " and " + others + (others == 1 ? " other" : " others") + " liked " + what;
    }
}
