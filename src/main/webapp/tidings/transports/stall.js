// stall.js: a stall guard. A connection calls touch() whenever anything arrives; nothing for the
// timeout (a stalled network, a proxy that buffers, a server that never greets) calls onStall.

export function stallGuard(onStall, timeout) {
  let timer = null;
  return {
    /** Something arrived: `ms` (by default the guard's timeout) from now, it has stalled. */
    touch(ms = timeout) {
      clearTimeout(timer);
      timer = setTimeout(onStall, ms);
    },
    stop() {
      clearTimeout(timer);
      timer = null;
    },
  };
}
