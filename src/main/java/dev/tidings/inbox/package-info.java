/**
 * The durable per-user inbox: notification state and the append-only event log whose gap-free
 * {@code seq} is every transport's resume cursor. Jakarta Persistence only; announces commits
 * with a CDI event. Depends on {@code config}; knows nothing of delivery, publishing or transports.
 */
package dev.tidings.inbox;
