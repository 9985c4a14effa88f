package dev.tidings.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NotificationIdsTest {

    @Test
    void anIdIsAVersion7UuidWhoseFirstBitsAreItsMillisecond() {
        long millis = 1_796_000_000_123L;
        UUID id = UUID.fromString(NotificationIds.next(millis, -1L, -1L));

        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(millis, id.getMostSignificantBits() >>> 16);
        assertTrue(NotificationIds.next().matches(Notification.ID_PATTERN));
    }

    @Test
    void idsMadeLaterSortLaterAsTextAndAreDistinct() {
        List<String> ids = new ArrayList<>();
        for (long millis = 1_700_000_000_000L; millis < 1_700_000_000_000L + 2_000; millis += 7) {
            ids.add(NotificationIds.next(millis, millis * 31, millis * 17));
        }
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        assertEquals(ids, sorted, "the index order of the ids is the order they were made in");
        assertEquals(ids.size(), new HashSet<>(ids).size());
        assertNotEquals(NotificationIds.next(), NotificationIds.next());
    }
}
