/**
 * The data lifecycle: erasing everything Tidings keeps about one user ({@code DELETE /users/{user}}),
 * in one group-commit transaction under the same inbox locks as every write. Retention by count and
 * by age is the inbox's own ({@link dev.tidings.inbox.EventRetention}). Depends on {@code inbox},
 * {@code likes}, {@code publish}, {@code security}, {@code rest} and {@code config}.
 */
package dev.tidings.lifecycle;
