/**
 * Server-Sent Events on JAX-RS ({@code SseEventSink}). Depends on {@code delivery},
 * {@code inbox} (cursor rules), {@code security} and {@code config}; never on JPA.
 */
package dev.tidings.transport.sse;
