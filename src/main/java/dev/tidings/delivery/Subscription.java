package dev.tidings.delivery;

/** A live connection just opened: its subscriber, and the unread count when it opened. */
public record Subscription(Subscriber subscriber, long unreadAtOpen) {
}
