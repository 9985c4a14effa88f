/**
 * HTTP streaming on an async servlet: chunked NDJSON, non-blocking writes. Depends on
 * {@code delivery}, {@code inbox} (cursor rules), {@code security}, {@code rest}; never on JPA.
 */
package dev.tidings.transport.stream;
