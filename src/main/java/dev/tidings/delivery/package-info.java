/**
 * In-memory fan-out of committed inbox events to every live connection of their user, with a
 * bounded, ordered queue per connection and a loss-free hand-over from replay to live.
 * Depends on {@code inbox} (its event types and reader) and {@code config}; never on a transport:
 * transports implement {@link dev.tidings.delivery.Connection}.
 */
package dev.tidings.delivery;
