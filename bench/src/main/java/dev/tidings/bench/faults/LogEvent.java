package dev.tidings.bench.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One event of a user's log as any transport carries it: its seq and kind, and for a
 * {@code created} event the notification's id and title; a {@code reset} (the log was purged
 * below the cursor) carries the seq to continue from.
 */
record LogEvent(long seq, String kind, String id, String title) {

    private static final Pattern HEAD = Pattern.compile("\\{\"seq\":(\\d+),\"kind\":\"([a-z]+)\"|\\{\"kind\":\"reset\",\"seq\":(\\d+)\\}");
    private static final Pattern NOTIFICATION = Pattern.compile(
            "\"notification\":\\{\"id\":\"([^\"]+)\",\"type\":\"[^\"]*\",\"group\":(?:null|\"(?:[^\"\\\\]|\\\\.)*\"),\"title\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    boolean isReset() {
        return kind.equals("reset");
    }

    /** Every event in {@code json}, in order: a poll answer's events, an SSE data line, a WebSocket message. */
    static List<LogEvent> parse(String json) {
        List<LogEvent> events = new ArrayList<>();
        List<MatchResult> heads = HEAD.matcher(json).results().toList();
        for (int i = 0; i < heads.size(); i++) {
            MatchResult head = heads.get(i);
            if (head.group(3) != null) {
                events.add(new LogEvent(Long.parseLong(head.group(3)), "reset", null, null));
                continue;
            }
            int end = i + 1 < heads.size() ? heads.get(i + 1).start() : json.length();
            Matcher n = NOTIFICATION.matcher(json.substring(head.end(), end));
            boolean about = n.find();
            events.add(new LogEvent(Long.parseLong(head.group(1)), head.group(2), about ? n.group(1) : null, about ? n.group(2) : null));
        }
        return events;
    }
}
