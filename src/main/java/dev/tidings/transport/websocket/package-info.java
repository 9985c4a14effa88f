/**
 * WebSocket on Jakarta WebSocket: asynchronous sends, and the client's read/ack messages (read by
 * a {@code Decoder}, carried out by {@code subscriber.InboxActions} under the REST read's Bean
 * Validation rules). Depends on {@code delivery}, {@code subscriber}, {@code inbox} (cursor rules),
 * {@code security}, {@code rest} (refusals) and {@code config}; never on JPA directly.
 */
package dev.tidings.transport.websocket;
