package dev.tidings.inbox;


/** Reads the numeric query parameters of the subscriber API, refusing anything but plain digits in range. */
public final class Cursors {

    private Cursors() {
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
