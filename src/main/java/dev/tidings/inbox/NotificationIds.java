package dev.tidings.inbox;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Notification ids: UUIDs of version 7 (RFC 9562), a millisecond timestamp first and 74 random
 * bits after it. Ids made one after another sort one after another, so a new notification's
 * entry goes at the end of the id index instead of into a random page of it: one page touched
 * per commit rather than one per recipient (on H2 every touched page is rewritten at commit).
 */
final class NotificationIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private NotificationIds() {
    }

    static String next() {
        return next(System.currentTimeMillis(), RANDOM.nextLong(), RANDOM.nextLong());
    }

    /** The id of {@code millis} (since the epoch) with the given random bits; version and variant set. */
    static String next(long millis, long randomHigh, long randomLow) {
        long most = (millis << 16) | 0x7000L | (randomHigh & 0x0FFFL);
        long least = (randomLow & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(most, least).toString();
    }
}
