package dev.tidings.inbox;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

/**
 * Reads the numbers a subscriber sends (cursors, limits, acknowledged seqs), refusing anything
 * but whole numbers in range.
 */
public final class Cursors {

    private Cursors() {
    }

    /**
     * The {@code seq} of a client's acknowledgement ({@code {"seq":N}}, over REST or the
     * WebSocket): a non-negative whole number.
     */
    public static long acknowledgedSeq(JsonObject message) {
        if (message == null || !(message.get("seq") instanceof JsonNumber seq)
                || !seq.isIntegral() || seq.bigIntegerValue().bitLength() > 63 || seq.longValue() < 0) {
            throw new InvalidParameterException("seq must be a non-negative whole number");
        }
        return seq.longValue();
    }

    /** {@code after=}: a non-negative seq; absent means 0, from the beginning. */
    public static long parseAfter(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        return parse("after", value, Long.MAX_VALUE);
    }

    /** An integer parameter between {@code min} and {@code max}; absent means {@code fallback}. */
    public static int parseBounded(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        long parsed = parse(name, value, max);
        if (parsed < min) {
            throw new InvalidParameterException(name + " must be between " + min + " and " + max);
        }
        return (int) parsed;
    }

    private static long parse(String name, String value, long max) {
        if (!value.chars().allMatch(c -> c >= '0' && c <= '9') || value.length() > 19) {
            throw new InvalidParameterException(name + " must be a non-negative whole number");
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(name + " must be a non-negative whole number");
        }
        if (parsed > max) {
            throw new InvalidParameterException(name + " must be at most " + max);
        }
        return parsed;
    }
}
