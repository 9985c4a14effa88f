/**
 * Likes: who likes which object, and the owner's one aggregated notification per object.
 * Depends on {@code inbox} (aggregate writes), {@code security}, {@code rest} and {@code config}.
 */
package dev.tidings.likes;
