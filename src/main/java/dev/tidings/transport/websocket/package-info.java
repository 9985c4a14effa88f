/**
 * WebSocket on Jakarta WebSocket: asynchronous sends, and the client's read/ack messages.
 * Depends on {@code delivery}, {@code inbox} (cursor rules, writer for read/ack),
 * {@code security} and {@code config}; never on JPA directly.
 */
package dev.tidings.transport.websocket;
