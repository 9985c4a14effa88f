/**
 * The transports: one sub-package each, with the same shape (endpoint, its
 * {@link dev.tidings.delivery.Connection}, its integration test), plus what the servlet ones share.
 */
package dev.tidings.transport;
