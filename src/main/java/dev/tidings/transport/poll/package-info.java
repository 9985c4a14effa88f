/**
 * Short polling, the simplest transport: each request reads the event log after a cursor.
 * Depends on {@code inbox} (reading), {@code security} and {@code config}; never on JPA directly.
 */
package dev.tidings.transport.poll;
