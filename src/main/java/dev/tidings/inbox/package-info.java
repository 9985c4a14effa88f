/**
 * The durable per-user inbox: notification state and the append-only event log whose gap-free
 * {@code seq} is every transport's resume cursor, written by group commits under per-user locks;
 * the schema's migrations; the signal between servers on PostgreSQL; retention and erasure of the
 * log. Announces commits with CDI events ({@link dev.tidings.inbox.InboxEventsCommitted},
 * {@link dev.tidings.inbox.InboxesChanged}, {@link dev.tidings.inbox.InboxErased}). Depends on
 * {@code config}, {@code rest} (its refusals) and {@code security} (user ids); speaks no HTTP and
 * knows nothing of delivery, publishing, likes or transports.
 */
package dev.tidings.inbox;
