package dev.tidings.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.inbox.Receipt;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Which stored publish answers name a user as recipient: the LIKE pattern an erasure deletes them by. */
class PublicationErasureTest {

    /** What SQL's {@code LIKE … ESCAPE '!'} matches, as a regular expression. */
    private static boolean like(String text, String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '!') {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(text).matches();
    }

    private static String answer(String... recipients) {
        List<Receipt> receipts = java.util.Arrays.stream(recipients).map(r -> new Receipt(r, "id-" + r, 1)).toList();
        return PublishTransaction.responseBody(receipts, List.of(recipients)).toString();
    }

    @Test
    void theStoredAnswerOfACallToTheUserMatches() {
        String pattern = PublishTransaction.recipientPattern("bob");
        assertTrue(like(answer("bob"), pattern), answer("bob"));
        assertTrue(like(answer("alice", "bob", "carol"), pattern));
    }

    @Test
    void otherUsersWhoseIdsContainTheUsersDoNotMatch() {
        String pattern = PublishTransaction.recipientPattern("bob");
        assertFalse(like(answer("bobby", "xbob", "bob.smith"), pattern));
    }

    @Test
    void wildcardsInAUserIdAreLiteral() {
        String pattern = PublishTransaction.recipientPattern("a_b");
        assertEquals("%\"recipient\":\"a!_b\"%", pattern);
        assertTrue(like(answer("a_b"), pattern));
        assertFalse(like(answer("aXb"), pattern), "an underscore is not a wildcard here");
    }
}
