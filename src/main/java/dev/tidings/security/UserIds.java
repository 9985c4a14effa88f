package dev.tidings.security;

import java.util.regex.Pattern;

/** What a user id may look like: the inbox key, the token subject and the recipient name. */
public final class UserIds {

    public static final int MAX_LENGTH = 128;

    /** Printable, no spaces or separators that would need escaping in a URL path or log line. */
    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._@:+\\-]{0,127}";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private UserIds() {
    }

    public static boolean isValid(String userId) {
        return userId != null && COMPILED.matcher(userId).matches();
    }
}
