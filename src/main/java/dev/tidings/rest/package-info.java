/**
 * The REST application's wiring: its path and login method, request body limits, and the
 * mapping of every failure to an RFC 9457 problem response with no stack trace.
 * Depends on {@code config} and on the domain exceptions it maps.
 */
package dev.tidings.rest;
