/**
 * What subscribers do with their own inbox: the REST calls (the listing, marking read and
 * acknowledging delivery: {@code /api/v1/inbox}, {@code /inbox/read}, {@code /inbox/ack}) and
 * {@code InboxActions}, the read and acknowledgement that the WebSocket's messages share with them,
 * one set of Bean Validation rules for both. The caller is always the token's user. Uses
 * {@code inbox} (reading and writing), {@code security}, {@code config}.
 */
package dev.tidings.subscriber;
