/**
 * Settings: every limit and timeout, typed and defaulted, read with MicroProfile Config.
 * Depends on nothing else in Tidings; every other package may depend on it.
 */
package dev.tidings.config;
