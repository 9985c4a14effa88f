package dev.tidings.delivery;

/** The live transports, as metrics and logs name them. */
public enum Transport {
    LONG_POLL("longpoll"),
    STREAM("stream"),
    SSE("sse"),
    WEBSOCKET("ws");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    /** The short name in metric labels and log lines: {@code longpoll}, {@code stream}, {@code sse}, {@code ws}. */
    public String label() {
        return label;
    }
}
