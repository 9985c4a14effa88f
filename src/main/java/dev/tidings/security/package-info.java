/**
 * Identity: who a request is (MicroProfile JWT), the web.xml constraints that say who may call
 * what, and the development server's demo token minting. Depends on {@code config} and the
 * inbox's user id rules only.
 */
package dev.tidings.security;
