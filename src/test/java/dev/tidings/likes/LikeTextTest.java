package dev.tidings.likes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LikeTextTest {

    @ParameterizedTest(name = "{0} of {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "alice                   | 1  | alice liked your post",
            "carol alice             | 2  | carol and alice liked your post",
            "dave carol alice        | 3  | dave and 2 others liked your post",
            "erin dave carol alice   | 4  | erin and 3 others liked your post",
            "erin                    | 2  | erin and 1 other liked your post",
            "zoe y x w v u t s r q   | 57 | zoe and 56 others liked your post"})
    void theNewestActorIsNamedAndTheRestCounted(String actors, long total, String text) {
        assertEquals(text, LikeText.of(List.of(actors.trim().split("\\s+")), total, "your post"));
    }

    @Test
    void aLikeWithoutAnActorIsARefusal() {
        assertThrows(IllegalArgumentException.class, () -> LikeText.of(List.of(), 0, "your post"));
    }
}
