/**
 * The subscriber's own REST calls on its inbox: the listing, marking read and acknowledging
 * delivery ({@code /api/v1/inbox}, {@code /inbox/read}, {@code /inbox/ack}); the caller is always the
 * token's user. Uses {@code inbox} (reading and writing), {@code security}, {@code config}.
 */
package dev.tidings.subscriber;
