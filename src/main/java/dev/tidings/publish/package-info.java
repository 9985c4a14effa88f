/**
 * How notifications enter: the publisher REST API, idempotent per key, one transaction per call.
 * Depends on {@code inbox}, {@code config}, {@code security} and {@code rest}; no transport.
 */
package dev.tidings.publish;
