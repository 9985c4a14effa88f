/**
 * Long polling on an async servlet: a held request costs no thread; it answers at the first
 * event or at its timeout. Depends on {@code delivery}, {@code inbox} (cursor rules, wire
 * format), {@code security}, {@code rest} and {@code config}; never on JPA.
 */
package dev.tidings.transport.longpoll;
